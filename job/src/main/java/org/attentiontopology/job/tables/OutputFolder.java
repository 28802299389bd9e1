package org.attentiontopology.job.tables;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A folder the tool writes whole (a run directory, an attention dump), published only when it is
 * complete.
 *
 * <p>Why: a user's {@code --out} may hold anything, and a run may fail or be killed at any moment.
 * So the tool writes into a hidden staging folder beside the target ({@code .NAME.writing}), marks
 * it with a small properties file ({@code _attention_topology}: what it is, its run id, and whether
 * it finished), and moves it into place with directory renames only after marking it finished. The
 * target is therefore always absent, the previous complete folder, or the new complete one. An
 * existing target is replaced only when it is a folder of the same kind that holds nothing but what
 * the tool writes; anything else (a corpus, notes) is named and refused, never deleted. A swap cut
 * short between its two renames is completed (or undone) by the next attempt.
 */
public final class OutputFolder {
  /** The marker's name; the leading underscore hides it from Spark's and DuckDB's Parquet globs. */
  public static final String MARKER = "_attention_topology";

  /** What a folder is, as far as the tool can tell. */
  public enum State {
    /** Missing or empty: free to write. */
    ABSENT,
    /** Not written by the tool (no marker and no legacy signature). */
    FOREIGN,
    /** Written by the tool but not finished: a killed or failed attempt. */
    UNFINISHED,
    FINISHED
  }

  private final FileSystem fs;
  private final Path target;
  private final String kind;
  private final Predicate<Path> legacyFinished;
  private final Predicate<String> ownFile;
  private final String layout;

  /** What the current attempt is (its configuration and input), recorded in the marker. */
  private String attempt = "";

  /**
   * @param kind what the folder holds, recorded in the marker ("run", "attention-dump"); a folder
   *     of another kind is refused
   * @param legacyFinished recognises a complete folder written before markers existed
   * @param ownFile whether a file name (with its path relative to the folder) is one the tool
   *     writes
   */
  public OutputFolder(
      String target,
      String kind,
      Configuration conf,
      Predicate<Path> legacyFinished,
      Predicate<String> ownFile) {
    this(target, kind, "1", conf, legacyFinished, ownFile);
  }

  /**
   * @param layout the version of what the folder holds, recorded in the marker, so that a later
   *     version can tell a folder it cannot extend
   */
  public OutputFolder(
      String target,
      String kind,
      String layout,
      Configuration conf,
      Predicate<Path> legacyFinished,
      Predicate<String> ownFile) {
    this.layout = layout;
    this.target = new Path(target);
    this.kind = kind;
    this.legacyFinished = legacyFinished;
    this.ownFile = ownFile;
    try {
      this.fs = this.target.getFileSystem(conf);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach " + target + ": " + e.getMessage(), e);
    }
  }

  public Path target() {
    return target;
  }

  /** The hidden folder beside the target where an attempt writes. */
  public Path staging() {
    return sibling("writing");
  }

  private Path replaced() {
    return sibling("replaced");
  }

  private Path sibling(String what) {
    Path parent = target.getParent();
    String name = "." + target.getName() + "." + what;
    return parent == null ? new Path(name) : new Path(parent, name);
  }

  /**
   * What {@code folder} is: absent or empty, foreign, an unfinished attempt, or a finished folder
   * of this kind.
   */
  public State state(Path folder) {
    try {
      if (!fs.exists(folder)) {
        return State.ABSENT;
      }
      if (!fs.getFileStatus(folder).isDirectory()) {
        return State.FOREIGN;
      }
      Properties marker = readMarker(folder);
      if (marker == null) {
        if (legacyFinished.test(folder)) {
          return State.FINISHED;
        }
        return fs.listStatus(folder).length == 0 ? State.ABSENT : State.FOREIGN;
      }
      if (!kind.equals(marker.getProperty("kind"))) {
        return State.FOREIGN;
      }
      return "finished".equals(marker.getProperty("state")) ? State.FINISHED : State.UNFINISHED;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + folder + ": " + e.getMessage(), e);
    }
  }

  public State state() {
    return state(target);
  }

  /**
   * Checks, before any work, that an attempt may write here: the target is absent, or (with {@code
   * overwrite}) a finished or unfinished folder of this kind holding only the tool's files.
   * Completes or undoes a swap that an earlier attempt left half done.
   */
  public void checkWritable(boolean overwrite, String flagHint) {
    recoverInterruptedSwap();
    State s = state();
    String what = "attention-topology " + kind + " folder";
    switch (s) {
      case ABSENT -> {}
      case FOREIGN ->
          throw new IllegalArgumentException(
              target
                  + " exists and is not an "
                  + what
                  + ": nothing was "
                  + "deleted; choose a new or empty folder"
                  + (overwrite ? " (--overwrite replaces only a folder the tool " + "wrote)" : ""));
      case FINISHED, UNFINISHED -> {
        if (!overwrite) {
          throw new IllegalArgumentException(
              target
                  + " already exists: choose a new folder, or pass "
                  + flagHint
                  + " to replace it when the new "
                  + kind
                  + " has finished");
        }
        List<String> strangers = foreignFiles(target);
        if (!strangers.isEmpty()) {
          throw new IllegalArgumentException(
              target
                  + " holds files the tool did not write ("
                  + String.join(", ", strangers.subList(0, Math.min(5, strangers.size())))
                  + (strangers.size() > 5 ? ", and " + (strangers.size() - 5) + " more" : "")
                  + "): nothing was deleted; move them out of the folder, or choose another folder");
        }
      }
      default -> throw new IllegalStateException(s.toString());
    }
    State staged = state(staging());
    if (staged == State.FOREIGN) {
      throw new IllegalArgumentException(
          staging()
              + " exists and is not an "
              + what
              + ": move it away, since the "
              + "tool writes its attempts there");
    }
  }

  /**
   * Starts an attempt: removes a previous unfinished attempt and creates the staging folder with an
   * unfinished marker. Returns the staging folder, where everything is written.
   */
  public Path begin(String runId) {
    return begin(runId, "");
  }

  /**
   * Starts or resumes an attempt. An unfinished attempt with the same {@code attempt} (the same
   * configuration and input: a killed run started again) is kept, so that what it committed is
   * reused; any other is removed.
   */
  public Path begin(String runId, String attempt) {
    Path staging = staging();
    this.attempt = attempt;
    try {
      if (resumable(attempt)) {
        return staging;
      }
      if (fs.exists(staging)) {
        fs.delete(staging, true);
      }
      fs.mkdirs(staging);
      writeMarker(staging, runId, "writing");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + staging + ": " + e.getMessage(), e);
    }
    return staging;
  }

  /**
   * Marks the attempt finished and moves it into place, replacing the previous folder (checked
   * before).
   */
  public void publish(String runId) {
    Path staging = staging();
    try {
      writeMarker(staging, runId, "finished");
      if (fs.exists(target)) {
        Path replaced = replaced();
        if (fs.exists(replaced)) {
          fs.delete(replaced, true);
        }
        rename(target, replaced);
        rename(staging, target);
        fs.delete(replaced, true);
      } else {
        Path parent = target.getParent();
        if (parent != null) {
          fs.mkdirs(parent);
        }
        rename(staging, target);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot publish " + staging + " as " + target + ": " + e.getMessage(), e);
    }
  }

  /** Whether the staging folder holds an unfinished attempt with this id, which can be resumed. */
  public boolean resumable(String attempt) {
    try {
      Properties marker = readMarker(staging());
      return !attempt.isEmpty()
          && marker != null
          && kind.equals(marker.getProperty("kind"))
          && "writing".equals(marker.getProperty("state"))
          && attempt.equals(marker.getProperty("attempt"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + staging() + ": " + e.getMessage(), e);
    }
  }

  /**
   * A property of a folder's marker ({@code layout}, {@code run_id}, {@code attempt}); null for a
   * folder without one.
   */
  public String marker(Path folder, String key) {
    try {
      Properties marker = readMarker(folder);
      return marker == null ? null : marker.getProperty(key);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + folder + ": " + e.getMessage(), e);
    }
  }

  /** The file system that holds the folder. */
  public FileSystem fileSystem() {
    return fs;
  }

  /** Removes a failed attempt's staging folder; the target is untouched. */
  public void abandon() {
    try {
      if (state(staging()) == State.UNFINISHED) {
        fs.delete(staging(), true);
      }
    } catch (IOException | UncheckedIOException e) {
      // The attempt failed already; its cause is what the user needs, and the next attempt clears
      // the folder.
    }
  }

  /**
   * Completes or undoes a swap that an earlier attempt left half done (before reading the target).
   */
  public void recover() {
    recoverInterruptedSwap();
  }

  /**
   * A swap interrupted between its renames leaves the target missing and the old folder at
   * .NAME.replaced: the finished new folder wins, otherwise the old one goes back.
   */
  private void recoverInterruptedSwap() {
    Path replaced = replaced();
    try {
      if (fs.exists(target) || !fs.exists(replaced)) {
        return;
      }
      if (state(staging()) == State.FINISHED) {
        rename(staging(), target);
        fs.delete(replaced, true);
      } else if (state(replaced) == State.FINISHED) {
        rename(replaced, target);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot recover the interrupted replacement of " + target + ": " + e.getMessage(), e);
    }
  }

  /** Files under {@code folder}, relative to it, that the tool does not write. */
  List<String> foreignFiles(Path folder) {
    List<String> out = new ArrayList<>();
    try {
      collectForeign(folder, "", out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
    }
    return out;
  }

  private void collectForeign(Path dir, String prefix, List<String> out) throws IOException {
    for (FileStatus f : fs.listStatus(dir)) {
      String rel = prefix + f.getPath().getName();
      if (f.isDirectory()) {
        collectForeign(f.getPath(), rel + "/", out);
      } else if (!rel.equals(MARKER) && !ownFile.test(rel)) {
        out.add(rel);
      }
    }
  }

  private void rename(Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("rename of " + from + " to " + to + " failed");
    }
  }

  private void writeMarker(Path folder, String runId, String state) throws IOException {
    Properties p = new Properties();
    p.setProperty("tool", "attention-topology");
    p.setProperty("kind", kind);
    p.setProperty("layout", layout);
    p.setProperty("run_id", runId);
    p.setProperty("attempt", attempt);
    p.setProperty("state", state);
    // Written beside and renamed over, so a reader never sees half a marker.
    Path tmp = new Path(folder, MARKER + ".tmp");
    try (OutputStream os = fs.create(tmp, true)) {
      p.store(
          os,
          "attention-topology " + kind + "; state is 'finished' only once every file is written");
    }
    Path marker = new Path(folder, MARKER);
    if (fs.exists(marker)) {
      fs.delete(marker, false);
    }
    rename(tmp, marker);
  }

  private Properties readMarker(Path folder) throws IOException {
    Path marker = new Path(folder, MARKER);
    if (!fs.exists(marker)) {
      return null;
    }
    Properties p = new Properties();
    try (InputStream in = fs.open(marker)) {
      p.load(in);
    }
    return "attention-topology".equals(p.getProperty("tool")) ? p : new Properties();
  }
}
