package dev.sdpmcp.sandbox.sdp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;

/**
 * The knobs tests turn on the ServiceDesk Plus simulator. Parameters come as query parameters, a form body or a
 * JSON object body; answers are JSON.
 */
@Path("/sdp/_sim")
@Produces(SdpSimulator.JSON)
public class SdpSimulatorControl {

    @Inject
    SdpSimulator simulator;

    /** GET /_sim/log?client_id=&portal=&after= → {"entries":[{seq,time,client_id,portal,method,path,input_data,status,status_code}]} */
    @GET
    @Path("/log")
    public String log(@Context UriInfo uri) {
        Map<String, String> params = SdpResource.query(uri);
        List<ObjectNode> entries = simulator.log(params.get("client_id"), params.get("portal"),
                Long.parseLong(params.getOrDefault("after", "0")));
        ObjectNode body = Json.object();
        body.put("count", entries.size());
        body.putArray("entries").addAll(entries);
        return Json.write(body);
    }

    /** DELETE /_sim/log?client_id=&portal= (both optional) → {"cleared": n} */
    @DELETE
    @Path("/log")
    public String clearLog(@Context UriInfo uri) {
        Map<String, String> params = SdpResource.query(uri);
        return Json.write(Json.object().put("cleared", simulator.clearLog(params.get("client_id"), params.get("portal"))));
    }

    @GET
    @Path("/limits")
    public String limits() {
        return Json.write(limitsJson());
    }

    /**
     * PUT /_sim/limits with calls_per_minute, retry_after (true|false), per_url (true|false: a minute per URL of a
     * portal, not one per portal), latency_ms; answers the limits now in force.
     */
    @PUT
    @Path("/limits")
    public Response setLimits(@Context UriInfo uri, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String body) {
        SdpSimulator.Limits limits = simulator.limits();
        try {
            Map<String, String> params = Params.merge(SdpResource.query(uri), contentType, body);
            if (params.containsKey("calls_per_minute")) {
                limits.callsPerMinute = Integer.parseInt(params.get("calls_per_minute"));
            }
            if (params.containsKey("retry_after")) {
                limits.retryAfter = Boolean.parseBoolean(params.get("retry_after"));
            }
            if (params.containsKey("per_url")) {
                limits.perUrl = Boolean.parseBoolean(params.get("per_url"));
            }
            if (params.containsKey("latency_ms")) {
                limits.latencyMs = Long.parseLong(params.get("latency_ms"));
            }
        } catch (NumberFormatException | ApiException e) {
            return badRequest(e.getMessage());
        }
        return Response.ok(Json.write(limitsJson())).build();
    }

    /** DELETE /_sim/limits/windows → the calls counted against the rate limit are forgotten; the limits in force. */
    @DELETE
    @Path("/limits/windows")
    public String clearRateWindows() {
        simulator.clearRateWindows();
        return Json.write(limitsJson());
    }

    private ObjectNode limitsJson() {
        SdpSimulator.Limits limits = simulator.limits();
        return Json.of("calls_per_minute", limits.callsPerMinute, "retry_after", limits.retryAfter, "per_url", limits.perUrl,
                "latency_ms", limits.latencyMs);
    }

    /**
     * POST /_sim/faults with count (default 1), status (default 500; 200 with malformed or drop), malformed (true|false),
     * retry_after (seconds, with status 429: the rate-limit answer and its Retry-After header), drop (true|false: the
     * connection is cut mid-answer), portal and client_id (optional: only calls to that portal / from that client).
     */
    @POST
    @Path("/faults")
    public Response arm(@Context UriInfo uri, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String body) {
        try {
            Map<String, String> params = Params.merge(SdpResource.query(uri), contentType, body);
            boolean malformed = Boolean.parseBoolean(params.get("malformed"));
            boolean drop = Boolean.parseBoolean(params.get("drop"));
            int count = Integer.parseInt(params.getOrDefault("count", "1"));
            int status = Integer.parseInt(params.getOrDefault("status", malformed || drop ? "200" : "500"));
            if (count < 1 || status < 200 || status > 599 || Long.parseLong(params.getOrDefault("retry_after", "0")) < 0) {
                return badRequest("count must be 1 or more, status an HTTP status and retry_after 0 or more seconds");
            }
            long retryAfter = Long.parseLong(params.getOrDefault("retry_after", "0"));
            simulator.arm(count, status, malformed, retryAfter, drop, params.get("portal"), params.get("client_id"));
        } catch (NumberFormatException | ApiException e) {
            return badRequest(e.getMessage());
        }
        return Response.ok(faultsJson()).build();
    }

    @GET
    @Path("/faults")
    public String faults() {
        return faultsJson();
    }

    @DELETE
    @Path("/faults")
    public String clearFaults() {
        simulator.clearFaults();
        return faultsJson();
    }

    private String faultsJson() {
        return Json.list("faults", simulator.faults());
    }

    /** GET /_sim/portals → each portal's name, id prefix and row counts. */
    @GET
    @Path("/portals")
    public String portals() {
        return Json.list("portals", simulator.portalSummaries());
    }

    /** POST /_sim/portals/{portal}/reset → the portal back to its seed (same ids). */
    @POST
    @Path("/portals/{portal}/reset")
    public String reset(@PathParam("portal") String portal) {
        return Json.write(simulator.resetPortal(portal));
    }

    /**
     * PUT /_sim/portals/{portal}/rules with close_needs_resolution and task_statuses_listed (true|false): the
     * instance's own rules, as an administrator sets them; answers the rules in force. A reset brings the defaults back.
     */
    @PUT
    @Path("/portals/{portal}/rules")
    public Response setRules(@PathParam("portal") String portal, @Context UriInfo uri,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String body) {
        Portal target = simulator.portal(portal);
        try {
            Map<String, String> params = Params.merge(SdpResource.query(uri), contentType, body);
            if (params.containsKey("close_needs_resolution")) {
                target.closeNeedsResolution = Boolean.parseBoolean(params.get("close_needs_resolution"));
            }
            if (params.containsKey("task_statuses_listed")) {
                target.taskStatusesListed = Boolean.parseBoolean(params.get("task_statuses_listed"));
            }
        } catch (ApiException e) {
            return badRequest(e.getMessage());
        }
        return Response.ok(Json.write(Json.object().put("close_needs_resolution", target.closeNeedsResolution)
                .put("task_statuses_listed", target.taskStatusesListed))).build();
    }

    /**
     * PUT /_sim/portals/{portal}/fields with a JSON body {"module":"requests", "udfs":[{"key":"udf_sline_7","label":
     * "Asset Tag","type":"string","options":[…],"mandatory":true,"template":"…"}], "mandatory":["mode","urgency"]}:
     * the module's UDFs and instance-mandatory standard fields, as an administrator configures them (each given part
     * replaces the old one). Answers the module's configuration; GET with ?module= reads it. A reset brings the seed's back.
     */
    @PUT
    @Path("/portals/{portal}/fields")
    public Response setFields(@PathParam("portal") String portal, String body) {
        try {
            return Response.ok(Json.write(simulator.configureFields(portal, Json.parseObject(body == null || body.isBlank() ? "{}" : body))))
                    .build();
        } catch (IllegalArgumentException | ApiException e) {
            return badRequest(e.getMessage());
        }
    }

    @GET
    @Path("/portals/{portal}/fields")
    public Response fields(@PathParam("portal") String portal, @QueryParam("module") String module) {
        try {
            return Response.ok(Json.write(simulator.configureFields(portal, Json.object().put("module", module)))).build();
        } catch (IllegalArgumentException e) {
            return badRequest(e.getMessage());
        }
    }

    /** POST /_sim/reset → no portals, empty log, default limits, no faults. */
    @POST
    @Path("/reset")
    public Response resetAll() {
        simulator.resetAll();
        return Response.noContent().build();
    }

    private static Response badRequest(String message) {
        return Response.status(400).entity(Json.write(Json.object().put("error", message))).build();
    }
}
