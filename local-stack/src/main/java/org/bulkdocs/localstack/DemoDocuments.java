package org.bulkdocs.localstack;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** A few realistic documents for two demo patients, written only where absent. */
final class DemoDocuments {

  static final List<String> PATIENTS = List.of("demo-patient-1", "demo-patient-2");

  private DemoDocuments() {}

  static int seed(URI endpoint, String bucket, String accessKey, String secretKey, String cxId) {
    try (S3Client s3 =
        S3Client.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
            .build()) {
      if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
        s3.createBucket(b -> b.bucket(bucket));
      }
      int written = 0;
      for (String patient : PATIENTS) {
        for (Map.Entry<String, byte[]> document : documentsFor(cxId, patient).entrySet()) {
          String key = cxId + "/" + patient + "/" + document.getKey();
          if (!exists(s3, bucket, key)) {
            s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(document.getValue()));
            written++;
          }
        }
      }
      return written;
    }
  }

  private static boolean exists(S3Client s3, String bucket, String key) {
    try {
      s3.headObject(b -> b.bucket(bucket).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  private static Map<String, byte[]> documentsFor(String cxId, String patient) {
    String prefix = cxId + "_" + patient + "_";
    Map<String, byte[]> documents = new LinkedHashMap<>();
    documents.put(prefix + "discharge-summary.pdf", pdf("Discharge summary for " + patient));
    documents.put(prefix + "continuity-of-care.xml", utf8(cda(patient)));
    documents.put(prefix + "lab-results.json", utf8(fhirObservation(patient)));
    return documents;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** A minimal but valid one-page PDF. */
  static byte[] pdf(String line) {
    String stream = "BT /F1 18 Tf 72 720 Td (" + line + ") Tj ET";
    String[] objects = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
          + " /Resources << /Font << /F1 5 0 R >> >> >>",
      "<< /Length " + stream.length() + " >>\nstream\n" + stream + "\nendstream",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    };
    StringBuilder pdf = new StringBuilder("%PDF-1.4\n");
    int[] offsets = new int[objects.length];
    for (int i = 0; i < objects.length; i++) {
      offsets[i] = pdf.length();
      pdf.append(i + 1).append(" 0 obj\n").append(objects[i]).append("\nendobj\n");
    }
    int xref = pdf.length();
    pdf.append("xref\n0 ").append(objects.length + 1).append("\n0000000000 65535 f \n");
    for (int offset : offsets) {
      pdf.append(String.format("%010d 00000 n \n", offset));
    }
    pdf.append("trailer\n<< /Size ").append(objects.length + 1).append(" /Root 1 0 R >>\n")
        .append("startxref\n").append(xref).append("\n%%EOF\n");
    return pdf.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static String cda(String patient) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <ClinicalDocument xmlns="urn:hl7-org:v3">
          <typeId root="2.16.840.1.113883.1.3" extension="POCD_HD000040"/>
          <code code="34133-9" codeSystem="2.16.840.1.113883.6.1" displayName="Summarization of Episode Note"/>
          <title>Continuity of Care Document</title>
          <recordTarget><patientRole><id extension="%s"/></patientRole></recordTarget>
        </ClinicalDocument>
        """.formatted(patient);
  }

  private static String fhirObservation(String patient) {
    return """
        {"resourceType":"Bundle","type":"collection","entry":[{"resource":{
          "resourceType":"Observation","status":"final",
          "code":{"coding":[{"system":"http://loinc.org","code":"2345-7","display":"Glucose"}]},
          "subject":{"reference":"Patient/%s"},
          "valueQuantity":{"value":95,"unit":"mg/dL"}}}]}
        """.formatted(patient);
  }
}
