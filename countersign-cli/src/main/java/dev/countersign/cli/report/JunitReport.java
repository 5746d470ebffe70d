package dev.countersign.cli.report;

import dev.countersign.cli.run.CaseResult;
import dev.countersign.cli.run.SuiteRunner;
import dev.countersign.cli.testfile.Suite;
import java.io.PrintStream;
import java.io.StringWriter;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * {@code -o junit}: JUnit XML as Ant's JUnit task writes it (the format CI systems render), one
 * {@code testsuite} per test file and one {@code testcase} per case; a failed expectation is a
 * {@code failure}. Written with the JDK's StAX writer, which escapes text and attributes. The
 * output is valid against the Apache Ant JUnit XML schema (JUnitReportSchemaTest checks it).
 */
public final class JunitReport {
  private JunitReport() {}

  public static void print(SuiteRunner.Run run, PrintStream out) {
    Map<Suite, List<CaseResult>> bySuite = new LinkedHashMap<>();
    run.results()
        .forEach(r -> bySuite.computeIfAbsent(r.suite(), s -> new java.util.ArrayList<>()).add(r));
    StringWriter text = new StringWriter();
    try {
      XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(text);
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeCharacters("\n");
      xml.writeStartElement("testsuites");
      String timestamp =
          LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString();
      int id = 0;
      for (var entry : bySuite.entrySet()) {
        List<CaseResult> results = entry.getValue();
        long failures = results.stream().filter(r -> !r.passed()).count();
        xml.writeCharacters("\n  ");
        xml.writeStartElement("testsuite");
        xml.writeAttribute("name", entry.getKey().name());
        xml.writeAttribute("package", entry.getKey().file().toString());
        xml.writeAttribute("id", Integer.toString(id++));
        xml.writeAttribute("timestamp", timestamp);
        xml.writeAttribute("hostname", "localhost");
        xml.writeAttribute("tests", Integer.toString(results.size()));
        xml.writeAttribute("failures", Long.toString(failures));
        xml.writeAttribute("errors", "0");
        xml.writeAttribute("skipped", "0");
        xml.writeAttribute("time", seconds(results.stream().mapToLong(CaseResult::nanos).sum()));
        xml.writeCharacters("\n    ");
        xml.writeEmptyElement("properties");
        for (CaseResult r : results) {
          xml.writeCharacters("\n    ");
          if (r.passed()) {
            xml.writeEmptyElement("testcase");
            attributes(xml, r);
            continue;
          }
          xml.writeStartElement("testcase");
          attributes(xml, r);
          xml.writeStartElement("failure");
          xml.writeAttribute("message", String.join("; ", r.failures()));
          xml.writeAttribute("type", "ExpectationFailed");
          StringBuilder detail = new StringBuilder(String.join("\n", r.failures()));
          r.outcome().ifPresent(o -> detail.append("\ndecision: ").append(o.explanation()));
          xml.writeCharacters(detail.toString());
          xml.writeEndElement();
          xml.writeEndElement();
        }
        xml.writeCharacters("\n    ");
        xml.writeStartElement("system-out");
        xml.writeEndElement();
        xml.writeCharacters("\n    ");
        xml.writeStartElement("system-err");
        xml.writeEndElement();
        xml.writeCharacters("\n  ");
        xml.writeEndElement();
      }
      xml.writeCharacters("\n");
      xml.writeEndElement();
      xml.writeEndDocument();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("the JUnit report cannot be written", e);
    }
    out.println(text);
  }

  private static void attributes(XMLStreamWriter xml, CaseResult r) throws XMLStreamException {
    xml.writeAttribute("name", r.testCase().name());
    xml.writeAttribute("classname", r.suite().name());
    xml.writeAttribute("time", seconds(r.nanos()));
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
  }
}
