package io.recsys.schemas;

import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;

/**
 * Avro refuses to instantiate classes outside a list of trusted packages (a guard against
 * deserialisation gadgets). Our generated records must be trusted before Avro first resolves
 * one of them. The system property is read by Avro only once, so it is not enough on its own
 * when something touched Avro earlier: the global predicate is widened too, which works
 * whenever it happens. Every entry point calls this first; the build's test runner also sets
 * the property.
 */
public final class TrustedAvroPackages {

  public static final String PROPERTY = "org.apache.avro.SERIALIZABLE_PACKAGES";
  public static final String GENERATED_PACKAGE = "io.recsys.schemas.avro";

  private static boolean installed;

  private TrustedAvroPackages() {
  }

  public static synchronized void ensureTrusted() {
    if (installed) {
      return;
    }
    String current = System.getProperty(PROPERTY);
    if (current == null || current.isBlank()) {
      System.setProperty(PROPERTY, GENERATED_PACKAGE);
    } else if (!current.contains(GENERATED_PACKAGE)) {
      System.setProperty(PROPERTY, current + "," + GENERATED_PACKAGE);
    }
    ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
    ClassSecurityValidator.setGlobal(type -> isGenerated(type) || previous.isTrusted(type));
    installed = true;
  }

  private static boolean isGenerated(Class<?> type) {
    Package pkg = type.getPackage();
    return pkg != null && pkg.getName().equals(GENERATED_PACKAGE);
  }
}
