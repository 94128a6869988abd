package dev.cpbench.macro;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/** A kubeconfig file for tests: one cluster at a URL, a token user, its context current. */
public final class TestKubeconfig {
    private TestKubeconfig() {}

    public static Path write(Path dir, URI server) throws IOException {
        return Files.writeString(dir.resolve("kubeconfig-" + server.getPort()), """
                apiVersion: v1
                kind: Config
                clusters:
                - name: test
                  cluster:
                    server: %s
                contexts:
                - name: test
                  context:
                    cluster: test
                    user: test
                current-context: test
                users:
                - name: test
                  user:
                    token: not-a-real-token
                """.formatted(server));
    }
}
