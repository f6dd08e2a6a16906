package io.recsys.schemas;

/**
 * Avro refuses to instantiate classes outside a list of trusted packages (a guard against
 * deserialisation gadgets). Our generated records must be on that list before Avro first reads
 * the property, so every entry point that touches generated classes calls this first.
 */
public final class TrustedAvroPackages {

  public static final String PROPERTY = "org.apache.avro.SERIALIZABLE_PACKAGES";
  public static final String GENERATED_PACKAGE = "io.recsys.schemas.avro";

  private TrustedAvroPackages() {
  }

  public static synchronized void ensureTrusted() {
    String current = System.getProperty(PROPERTY);
    if (current == null || current.isBlank()) {
      System.setProperty(PROPERTY, "java.lang,java.math,java.io,java.net,java.util,org.apache.avro,"
          + GENERATED_PACKAGE);
    } else if (!current.contains(GENERATED_PACKAGE)) {
      System.setProperty(PROPERTY, current + "," + GENERATED_PACKAGE);
    }
  }
}
