package io.github.ecrconnect.ptc.packaging;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A Dockerfile read the way Docker reads it, as far as the tests need: comments dropped, line
 * continuations joined, instructions grouped by build stage. Enough to check paths and users
 * without a Docker engine.
 */
final class DockerfileModel {
  /** One instruction: its keyword (upper case), flags such as --from=build, and arguments. */
  static final class Instruction {
    final String keyword;
    final Map<String, String> flags;
    final List<String> args;
    final String text;

    Instruction(String keyword, Map<String, String> flags, List<String> args, String text) {
      this.keyword = keyword;
      this.flags = flags;
      this.args = args;
      this.text = text;
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /** A build stage: its FROM image and name (null for an unnamed stage). */
  static final class Stage {
    final String image;
    final String name;
    final List<Instruction> instructions = new ArrayList<>();

    Stage(String image, String name) {
      this.image = image;
      this.name = name;
    }

    List<Instruction> all(String keyword) {
      return instructions.stream()
          .filter(i -> i.keyword.equals(keyword))
          .collect(Collectors.toList());
    }
  }

  /** ARGs declared before the first FROM, with their defaults. */
  final Map<String, String> globalArgs = new LinkedHashMap<>();

  final List<Stage> stages = new ArrayList<>();

  static DockerfileModel read(Path file) {
    DockerfileModel model = new DockerfileModel();
    for (String line : logicalLines(ProjectFiles.read(file))) {
      Instruction instruction = parse(line);
      if (instruction.keyword.equals("FROM")) {
        String name =
            instruction.args.size() >= 3 && instruction.args.get(1).equalsIgnoreCase("AS")
                ? instruction.args.get(2)
                : null;
        model.stages.add(new Stage(instruction.args.get(0), name));
      } else if (model.stages.isEmpty()) {
        if (instruction.keyword.equals("ARG")) {
          String[] nameAndDefault = instruction.args.get(0).split("=", 2);
          model.globalArgs.put(
              nameAndDefault[0], nameAndDefault.length > 1 ? nameAndDefault[1] : null);
        }
      } else {
        model.last().instructions.add(instruction);
      }
    }
    return model;
  }

  Stage last() {
    return stages.get(stages.size() - 1);
  }

  Stage stage(String name) {
    return stages.stream()
        .filter(s -> name.equals(s.name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no stage " + name));
  }

  private static List<String> logicalLines(String text) {
    List<String> lines = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String raw : text.split("\n", -1)) {
      String line = raw.strip();
      if (line.startsWith("#") || (line.isEmpty() && current.length() == 0)) {
        continue;
      }
      if (line.endsWith("\\")) {
        current.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      current.append(line);
      if (current.toString().isBlank()) {
        current.setLength(0);
        continue;
      }
      lines.add(current.toString().strip());
      current.setLength(0);
    }
    return lines;
  }

  private static Instruction parse(String line) {
    List<String> words = new ArrayList<>(Arrays.asList(line.split("\\s+")));
    String keyword = words.remove(0).toUpperCase(Locale.ROOT);
    Map<String, String> flags = new LinkedHashMap<>();
    while (!words.isEmpty() && words.get(0).startsWith("--")) {
      String[] flag = words.remove(0).substring(2).split("=", 2);
      flags.put(flag[0], flag.length > 1 ? flag[1] : "");
    }
    return new Instruction(keyword, flags, words, line);
  }
}
