package dev.cpbench.macro.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * The container image's start, without a container engine. {@code deploy/image/entrypoint.sh} runs
 * {@code java $JAVA_OPTS $CPBENCH_JAVA_OPTS -jar /app/cpbench-macro.jar "$@"}, arguments with spaces intact, after
 * one line on stderr with the flags the JVM took (a real JVM shows the heap it sized). The Dockerfile and the Jib
 * profile in macro/pom.xml build the same image: base, a non-root numeric user and the JVM flags (heap from the
 * container's memory limit, exit on OOM), and the Dockerfile copies the jar the shade plugin makes to where the
 * entrypoint runs it.
 */
class EntrypointTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path ENTRYPOINT = ROOT.resolve("deploy/image/entrypoint.sh");
    /** Like java: with -version, the flags on one line (as -XX:+PrintCommandLineFlags does); else its arguments, one a line. */
    private static final String FAKE_JAVA = """
            #!/bin/sh
            case " $* " in *" -version "*) echo "$*"; exit 0 ;; esac
            printf '%s\\n' "$@"
            """;

    private static String dockerfile;
    private static Document pom;

    @BeforeAll
    static void readImageDefinitions() throws Exception {
        dockerfile = Files.readString(ROOT.resolve("deploy/image/Dockerfile"));
        pom = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(ROOT.resolve("macro/pom.xml").toFile());
    }

    @Test
    void runsTheJarWithTheImagesFlagsThenCpbenchJavaOptsThenTheArguments(@TempDir Path dir) throws Exception {
        Run run = run(
                fakeJava(dir),
                Map.of("JAVA_OPTS", dockerfileJavaOpts(), "CPBENCH_JAVA_OPTS", "-Xss2m -Dcpbench.probe=1"),
                "cold-start",
                "--restart-cmd",
                "crictl stop $(crictl ps -q)",
                "");

        assertThat(run.exit).isZero();
        assertThat(run.stdout)
                .containsExactly(
                        "-XX:MaxRAMPercentage=75",
                        "-XX:+ExitOnOutOfMemoryError",
                        "-Xss2m",
                        "-Dcpbench.probe=1",
                        "-jar",
                        "/app/cpbench-macro.jar",
                        "cold-start",
                        "--restart-cmd",
                        "crictl stop $(crictl ps -q)",
                        "");
        assertThat(run.stderr)
                .containsExactly("cpbench: JVM flags: -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Xss2m "
                        + "-Dcpbench.probe=1 -XX:+PrintCommandLineFlags -version");
    }

    @Test
    void runsWithoutAnyOptionsSet(@TempDir Path dir) throws Exception {
        Run run = run(fakeJava(dir), Map.of(), "--help");

        assertThat(run.exit).isZero();
        assertThat(run.stdout).containsExactly("-jar", "/app/cpbench-macro.jar", "--help");
    }

    @Test
    void aRealJvmTakesTheFlagsAndShowsTheHeapItSized() throws Exception {
        Run run = run(
                Path.of(System.getProperty("java.home"), "bin"), Map.of("JAVA_OPTS", dockerfileJavaOpts()), "--help");

        assertThat(run.stderr.get(0))
                .startsWith("cpbench: JVM flags: ")
                .contains("-XX:MaxHeapSize=", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError");
        assertThat(run.stderr)
                .as("no image here: the jar is where the image puts it")
                .anyMatch(l -> l.contains("/app/cpbench-macro.jar"));
    }

    @Test
    void dockerfileAndJibBuildTheSameImage() throws Exception {
        assertThat(words(dockerfileJavaOpts()))
                .isEqualTo(pomValues("//profile[id='image']//container/jvmFlags/jvmFlag"))
                .contains("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError");
        assertThat(instructions("FROM")).containsExactly(pomValue("//profile[id='image']//from/image"));
        String user = pomValue("//profile[id='image']//container/user");
        assertThat(user).as("a numeric user other than root").matches("[1-9]\\d*(:\\d+)?");
        assertThat(instructions("USER")).containsExactly(user);
        assertThat(instructions("COPY"))
                .as("the shaded jar, where entrypoint.sh runs it")
                .contains("macro/target/" + pomValue("//plugin[artifactId='maven-shade-plugin']//finalName")
                        + ".jar /app/cpbench-macro.jar");
        assertThat(instructions("ENTRYPOINT")).containsExactly("[\"/app/entrypoint.sh\"]");
    }

    private record Run(int exit, List<String> stdout, List<String> stderr) {}

    /** Runs entrypoint.sh with {@code javaDir} first on PATH and only the given JVM option variables set. */
    private static Run run(Path javaDir, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("sh", ENTRYPOINT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeAll(List.of("JAVA_OPTS", "CPBENCH_JAVA_OPTS", "JAVA_TOOL_OPTIONS"));
        builder.environment().putAll(env);
        builder.environment().put("PATH", javaDir + ":" + System.getenv("PATH"));
        Process process = builder.start();
        List<String> stdout =
                new String(process.getInputStream().readAllBytes()).lines().toList();
        List<String> stderr =
                new String(process.getErrorStream().readAllBytes()).lines().toList();
        return new Run(process.waitFor(), stdout, stderr);
    }

    private static Path fakeJava(Path dir) throws IOException {
        Path java = Files.writeString(dir.resolve("java"), FAKE_JAVA);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    private static String dockerfileJavaOpts() {
        Matcher m = Pattern.compile("(?m)^ENV JAVA_OPTS=\"([^\"]*)\"$").matcher(dockerfile);
        assertThat(m.find()).as("ENV JAVA_OPTS=\"...\" in the Dockerfile").isTrue();
        return m.group(1);
    }

    /** The arguments of the Dockerfile's {@code name} instructions, in order. */
    private static List<String> instructions(String name) {
        return dockerfile
                .lines()
                .filter(l -> l.startsWith(name + " "))
                .map(l -> l.substring(name.length() + 1))
                .toList();
    }

    private static List<String> words(String options) {
        return Arrays.asList(options.trim().split("\\s+"));
    }

    private static List<String> pomValues(String xpath) throws Exception {
        XPath x = XPathFactory.newInstance().newXPath();
        NodeList nodes = (NodeList) x.evaluate(xpath, pom, XPathConstants.NODESET);
        return IntStream.range(0, nodes.getLength())
                .mapToObj(i -> nodes.item(i).getTextContent().trim())
                .toList();
    }

    private static String pomValue(String xpath) throws Exception {
        List<String> values = pomValues(xpath);
        assertThat(values).as(xpath).hasSize(1);
        return values.get(0);
    }
}
