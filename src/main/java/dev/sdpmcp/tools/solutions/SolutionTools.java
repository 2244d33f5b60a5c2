package dev.sdpmcp.tools.solutions;

import dev.sdpmcp.config.Toolset;
import dev.sdpmcp.tools.ToolDefinition;
import dev.sdpmcp.tools.sdp.Filter;
import dev.sdpmcp.tools.sdp.ModuleTools;
import dev.sdpmcp.tools.sdp.Render;
import dev.sdpmcp.tools.sdp.SdpModule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.List;

/** Solutions: the knowledge base articles, filed under topics (docs/sdp-api-fidelity.md). */
@ApplicationScoped
public class SolutionTools {

    static final SdpModule SOLUTIONS = SdpModule.of(Toolset.SOLUTIONS, "solution",
            s -> Render.line(s, "title", "topic", "approval_status", "keywords"))
            // no source lists sortable solution fields: these are a design choice
            .sortable("title", "created_time", "last_updated_time");

    static final List<Filter> FILTERS = List.of(
            Filter.names("topic", "topic.name", "e.g. Network"));

    @Inject
    ModuleTools tools;

    @Produces
    ToolDefinition searchSolutions() {
        return tools.search(SOLUTIONS, "search_solutions", "Search solutions",
                "Finds knowledge-base solutions by text in title or description and/or topic; get_solution shows one in full.",
                null, List.of("title", "description"), FILTERS);
    }

    @Produces
    ToolDefinition getSolution() {
        return tools.get(SOLUTIONS, "solution_id", "get_solution", "Get a solution",
                "Shows one knowledge base solution with its full text, topic and keywords.");
    }
}
