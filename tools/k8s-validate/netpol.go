package main

import (
	"fmt"
	"net/netip"
	"strings"

	networkingv1 "k8s.io/api/networking/v1"
)

// Addresses no egress rule may reach through an ipBlock: private and carrier-grade NAT ranges,
// link-local (the cloud metadata service 169.254.169.254 and AWS's fd00:ec2::254 among them),
// loopback and "this network", IPv6 unique-local, link-local and loopback. The same ranges the
// services' WebhookAddressPolicy refuses: the network holds the line a second time.
var mustBeExcepted = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("169.254.0.0/16"),
	netip.MustParsePrefix("127.0.0.0/8"),
	netip.MustParsePrefix("fc00::/7"),
	netip.MustParsePrefix("fe80::/10"),
	netip.MustParsePrefix("::1/128"),
	netip.MustParsePrefix("fd00:ec2::254/128"),
}

// contains reports whether outer covers all of inner.
func contains(outer, inner netip.Prefix) bool {
	return outer.Addr().Is4() == inner.Addr().Is4() && outer.Bits() <= inner.Bits() && outer.Contains(inner.Addr())
}

// ipBlockProblem says which protected range an ipBlock lets through ("" when none): every protected
// range that overlaps the block's CIDR must lie inside one of its except entries.
func ipBlockProblem(b *networkingv1.IPBlock) string {
	cidr, err := netip.ParsePrefix(b.CIDR)
	if err != nil {
		return fmt.Sprintf("cidr %q does not parse: %v", b.CIDR, err)
	}
	cidr = cidr.Masked()
	var excepts []netip.Prefix
	for _, e := range b.Except {
		p, err := netip.ParsePrefix(e)
		if err != nil {
			return fmt.Sprintf("except %q does not parse: %v", e, err)
		}
		if !contains(cidr, p.Masked()) {
			return fmt.Sprintf("except %s is not inside cidr %s", e, b.CIDR)
		}
		excepts = append(excepts, p.Masked())
	}
	var open []string
	for _, protected := range mustBeExcepted {
		if protected.Addr().Is4() != cidr.Addr().Is4() || !cidr.Overlaps(protected) {
			continue
		}
		covered := false
		for _, e := range excepts {
			if contains(e, protected) {
				covered = true
				break
			}
		}
		if !covered {
			open = append(open, protected.String())
		}
	}
	if len(open) > 0 {
		return fmt.Sprintf("ipBlock %s lets through %s (add to except)", b.CIDR, strings.Join(open, ", "))
	}
	return ""
}
