package dev.sdpmcp.sdp.solutions;

import dev.sdpmcp.sdp.Filter;
import dev.sdpmcp.sdp.Render;
import dev.sdpmcp.sdp.SdpModule;
import dev.sdpmcp.sdp.SdpTools;
import dev.sdpmcp.tools.ToolDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.List;

/** Solutions: the knowledge base articles, filed under topics (docs/sdp-api-fidelity.md). */
@ApplicationScoped
public class SolutionTools {

    static final SdpModule SOLUTIONS = new SdpModule("solutions", "solutions", "solution", "solutions", "solution",
            s -> Render.line(s, "title", "topic", "approval_status", "keywords"))
            // no source lists sortable solution fields: these are a design choice
            .sortable("title", "created_time", "last_updated_time");

    static final List<Filter> FILTERS = List.of(
            Filter.names("topic", "topic.name", "Topic name(s), comma-separated, e.g. Network"));

    @Inject
    SdpTools tools;

    @Produces
    ToolDefinition searchSolutions() {
        return tools.search(SOLUTIONS, "search_solutions", "Search solutions",
                "Finds knowledge base solutions whose title or description contains the query, and/or in a topic. "
                        + "ServiceDesk Plus does the searching. Paged; get_solution shows the full text.",
                "Text the title or description contains, e.g. vpn", List.of("title", "description"), FILTERS);
    }

    @Produces
    ToolDefinition getSolution() {
        return tools.get(SOLUTIONS, "solution_id", "get_solution", "Get a solution",
                "Shows one knowledge base solution with its full text, topic and keywords.");
    }
}
