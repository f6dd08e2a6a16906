package io.recsys.recommender.query;

import com.sun.management.OperatingSystemMXBean;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU, memory and disk of the machine and this process, as the prototype's /stats showed
 * them. Disk figures are those of the file system holding the Streams state (RocksDB).
 */
public final class SystemUsage {

  private final File stateDir;

  public SystemUsage(Path stateDir) {
    this.stateDir = stateDir.toAbsolutePath().toFile();
  }

  /** Share of all cores this process uses (0..1), or NaN where the JVM cannot say. */
  public double processCpu() {
    return os() == null ? Double.NaN : os().getProcessCpuLoad();
  }

  public double systemCpu() {
    return os() == null ? Double.NaN : os().getCpuLoad();
  }

  public double ramTotalBytes() {
    return os() == null ? Double.NaN : os().getTotalMemorySize();
  }

  public double ramFreeBytes() {
    return os() == null ? Double.NaN : os().getFreeMemorySize();
  }

  public double diskFreeBytes() {
    return existing().getUsableSpace();
  }

  public double diskTotalBytes() {
    return existing().getTotalSpace();
  }

  public Map<String, Object> describe() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("process_cpu", processCpu());
    out.put("system_cpu", systemCpu());
    out.put("ram_total_mb", mb(ramTotalBytes()));
    out.put("ram_free_mb", mb(ramFreeBytes()));
    Runtime rt = Runtime.getRuntime();
    out.put("heap_used_mb", (rt.totalMemory() - rt.freeMemory()) / 1_048_576);
    out.put("heap_max_mb", rt.maxMemory() / 1_048_576);
    out.put("disk_free_gb", diskFreeBytes() / 1e9);
    out.put("disk_total_gb", diskTotalBytes() / 1e9);
    out.put("disk_path", stateDir.toString());
    out.put("cores", rt.availableProcessors());
    return out;
  }

  private static long mb(double bytes) {
    return Double.isNaN(bytes) ? -1 : (long) (bytes / 1_048_576);
  }

  /** The state directory, or its nearest existing parent before Streams creates it. */
  private File existing() {
    File f = stateDir;
    while (f != null && !f.exists()) {
      f = f.getParentFile();
    }
    return f == null ? new File(".").getAbsoluteFile() : f;
  }

  private static OperatingSystemMXBean os() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean sun
        ? sun : null;
  }
}
