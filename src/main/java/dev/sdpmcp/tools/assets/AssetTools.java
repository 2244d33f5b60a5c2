package dev.sdpmcp.tools.assets;

import dev.sdpmcp.config.Toolset;
import dev.sdpmcp.tools.ToolDefinition;
import dev.sdpmcp.tools.sdp.Field;
import dev.sdpmcp.tools.sdp.Filter;
import dev.sdpmcp.tools.sdp.ModuleTools;
import dev.sdpmcp.tools.sdp.Render;
import dev.sdpmcp.tools.sdp.SdpModule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.List;

/** Assets: the hardware and other things IT keeps track of, each of a product (docs/sdp-api-fidelity.md §6). */
@ApplicationScoped
public class AssetTools {

    static final SdpModule ASSETS = SdpModule.of(Toolset.ASSETS, "asset",
            a -> Render.line(a, "name", "product", "state", "user", "site", "asset_tag", "serial_number"))
            // no source lists sortable asset fields: these are a design choice
            .sortable("name", "asset_tag", "serial_number", "created_time", "last_updated_time").withUdfs();

    static final List<Field> FIELDS = List.of(
            Field.text("name", "e.g. LT-0042").asMandatory(),
            Field.lookup("product", "products", "e.g. Dell Latitude 7440")
                    .asMandatory(),
            Field.named("state", "e.g. In Use, In Store, In Repair").asMandatory(),
            Field.text("asset_tag", null),
            Field.text("serial_number", null),
            Field.text("barcode", null),
            Field.user("user", "The person using it"),
            Field.lookup("department", "departments", null),
            Field.lookup("site", "sites", null),
            Field.text("location", "Where it is, e.g. Floor 2"),
            Field.text("description", null),
            Field.time("acquisition_date", "acquisition_date", null),
            Field.time("warranty_expiry", "warranty_expiry", null));

    static final List<Filter> FILTERS = List.of(
            Filter.names("state", "state.name", "e.g. In Use,In Repair"),
            Filter.names("product", "product.name", null),
            Filter.names("product_type", "product_type.name", "e.g. Workstation"),
            Filter.person("user", "user", "The person using it"),
            Filter.names("department", "department.name", null),
            Filter.names("site", "site.name", null));

    @Inject
    ModuleTools tools;

    @Produces
    ToolDefinition listAssets() {
        return tools.list(ASSETS, "list_assets", "List assets",
                "Lists assets matching the filters.", FILTERS, null);
    }

    @Produces
    ToolDefinition searchAssets() {
        return tools.search(ASSETS, "search_assets", "Search assets",
                "Finds assets whose name, asset tag, serial number or barcode contains the query, with list_assets' filters.",
                null,
                List.of("name", "asset_tag", "serial_number", "barcode"), FILTERS);
    }

    @Produces
    ToolDefinition getAsset() {
        return tools.get(ASSETS, "asset_id", "get_asset", "Get an asset",
                "Shows one asset with all its fields.");
    }

    @Produces
    ToolDefinition createAsset() {
        return tools.create(ASSETS, "create_asset", "Create an asset",
                "Creates an asset of a product with only the fields you give.", FIELDS);
    }

    @Produces
    ToolDefinition updateAsset() {
        return tools.update(ASSETS, "asset_id", "update_asset", "Update an asset",
                "Changes the given fields of an asset; the others stay.", FIELDS);
    }
}
