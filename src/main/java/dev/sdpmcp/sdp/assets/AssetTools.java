package dev.sdpmcp.sdp.assets;

import dev.sdpmcp.sdp.Field;
import dev.sdpmcp.sdp.Filter;
import dev.sdpmcp.sdp.Render;
import dev.sdpmcp.sdp.SdpModule;
import dev.sdpmcp.sdp.SdpTools;
import dev.sdpmcp.tools.ToolDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.List;

/** Assets: the hardware and other things IT keeps track of, each of a product (docs/sdp-api-fidelity.md §6). */
@ApplicationScoped
public class AssetTools {

    static final SdpModule ASSETS = new SdpModule("assets", "assets", "asset", "assets", "asset",
            a -> Render.line(a, "name", "product", "state", "user", "site", "asset_tag", "serial_number"))
            // no source lists sortable asset fields: these are a design choice
            .sortable("name", "asset_tag", "serial_number", "created_time", "last_updated_time").withUdfs();

    static final List<Field> FIELDS = List.of(
            Field.text("name", "Asset name, e.g. LT-0042").asMandatory(),
            Field.lookup("product", "products", "Product name or id, e.g. Dell Latitude 7440 (its product type follows)")
                    .asMandatory(),
            Field.named("state", "State name, e.g. In Use, In Store, In Repair or Disposed").asMandatory(),
            Field.text("asset_tag", "Asset tag"),
            Field.text("serial_number", "Serial number"),
            Field.text("barcode", "Barcode"),
            Field.user("user", "The person using it: e-mail or name"),
            Field.lookup("department", "departments", "Department name"),
            Field.lookup("site", "sites", "Site name"),
            Field.text("location", "Where it is, e.g. Floor 2"),
            Field.text("description", "Description"),
            Field.time("acquisition_date", "acquisition_date", "Acquired on (date or date-time)"),
            Field.time("warranty_expiry", "warranty_expiry", "Warranty ends on (date or date-time)"));

    static final List<Filter> FILTERS = List.of(
            Filter.names("state", "state.name", "State name(s), comma-separated, e.g. In Use,In Repair"),
            Filter.names("product", "product.name", "Product name(s)"),
            Filter.names("product_type", "product_type.name", "Product type name(s), e.g. Workstation"),
            Filter.person("user", "user", "The person using it: e-mail or name"),
            Filter.names("department", "department.name", "Department name(s)"),
            Filter.names("site", "site.name", "Site name(s)"));

    @Inject
    SdpTools tools;

    @Produces
    ToolDefinition listAssets() {
        return tools.list(ASSETS, "list_assets", "List assets",
                "Lists assets filtered by state, product, product type, user, department and site — evaluated by "
                        + "ServiceDesk Plus. Paged.", FILTERS, null);
    }

    @Produces
    ToolDefinition searchAssets() {
        return tools.search(ASSETS, "search_assets", "Search assets",
                "Finds assets whose name, asset tag, serial number or barcode contains the query, optionally with the "
                        + "list_assets filters. ServiceDesk Plus does the searching. Paged.",
                "Text the name, asset tag, serial number or barcode contains",
                List.of("name", "asset_tag", "serial_number", "barcode"), FILTERS);
    }

    @Produces
    ToolDefinition getAsset() {
        return tools.get(ASSETS, "asset_id", "get_asset", "Get an asset",
                "Shows one asset with all its fields (product, state, user, site, tag, serial, dates).");
    }

    @Produces
    ToolDefinition createAsset() {
        return tools.create(ASSETS, "create_asset", "Create an asset",
                "Creates an asset of a product with only the fields you give; names (product, department, site) are "
                        + "matched to this ServiceDesk Plus's own values.", FIELDS);
    }

    @Produces
    ToolDefinition updateAsset() {
        return tools.update(ASSETS, "asset_id", "update_asset", "Update an asset",
                "Changes the given fields of an asset (e.g. state, user, site); fields not given stay as they are.", FIELDS);
    }
}
