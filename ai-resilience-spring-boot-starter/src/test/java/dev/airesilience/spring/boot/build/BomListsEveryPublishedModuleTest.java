package dev.airesilience.spring.boot.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The BOM lists exactly the modules the build publishes (every module that does not set maven.deploy.skip), each at
 * the build's version, and the BOM's own version is the build's. Reads the POMs of the checkout this test runs in.
 */
class BomListsEveryPublishedModuleTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theBomManagesEveryPublishedModuleAndNothingElse() throws Exception {
        Element parent = read(ROOT.resolve("pom.xml"));
        String version = child(parent, "version").getTextContent().trim();
        List<String> published = new ArrayList<>();
        for (Element module : children(child(parent, "modules"), "module")) {
            Element pom = read(ROOT.resolve(module.getTextContent().trim()).resolve("pom.xml"));
            String artifact = child(pom, "artifactId").getTextContent().trim();
            Element properties = child(pom, "properties");
            boolean skipped = properties != null && child(properties, "maven.deploy.skip") != null
                    && child(properties, "maven.deploy.skip").getTextContent().trim().equals("true");
            if (!skipped && !artifact.equals("ai-resilience-bom")) {
                published.add(artifact);
            }
        }
        assertThat(published).contains("ai-resilience-core", "ai-resilience-spring-boot-starter")
                .doesNotContain("ai-resilience-server", "ai-resilience-benchmarks");

        Element bom = read(ROOT.resolve("ai-resilience-bom/pom.xml"));
        assertThat(child(bom, "parent")).as("the BOM must not inherit the parent's Spring Boot import").isNull();
        assertThat(child(bom, "version").getTextContent().trim()).isEqualTo(version);
        List<String> managed = new ArrayList<>();
        for (Element dependency : children(child(child(bom, "dependencyManagement"), "dependencies"), "dependency")) {
            assertThat(child(dependency, "groupId").getTextContent().trim()).isEqualTo("dev.airesilience");
            assertThat(child(dependency, "version").getTextContent().trim()).isEqualTo("${project.version}");
            managed.add(child(dependency, "artifactId").getTextContent().trim());
        }
        assertThat(managed).containsExactlyInAnyOrderElementsOf(published);
    }

    @Test
    void theLicenceIsTheApacheLicenceInFull() throws Exception {
        String licence = Files.readString(ROOT.resolve("LICENSE"));
        assertThat(licence).contains("Apache License", "Version 2.0, January 2004", "END OF TERMS AND CONDITIONS");
        Element parent = read(ROOT.resolve("pom.xml"));
        assertThat(child(child(child(parent, "licenses"), "license"), "name").getTextContent())
                .isEqualTo("Apache License, Version 2.0");
        assertThat(child(parent, "scm")).isNotNull();
        assertThat(child(parent, "developers")).isNotNull();
        assertThat(child(parent, "url")).isNotNull();
    }

    private static Element read(Path pom) throws Exception {
        assertThat(pom).exists();
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
    }

    private static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i).getNodeType() == Node.ELEMENT_NODE && nodes.item(i).getNodeName().equals(name)) {
                found.add((Element) nodes.item(i));
            }
        }
        return found;
    }
}
