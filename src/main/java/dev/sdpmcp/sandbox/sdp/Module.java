package dev.sdpmcp.sandbox.sdp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One API module described as data: its JSON roots, where it lives, which scope guards it, its fields (mandatory,
 * read-only, lookups and what they point to), how other entities reference it and what a list shows. The generic
 * {@link Writer}, {@link ListQuery} and {@link Api} do the rest.
 */
final class Module {

    enum Op { LIST, GET, ADD, UPDATE, DELETE }

    /** Reads and writes everything; lookups and users only read. */
    static final Set<Op> CRUD = EnumSet.allOf(Op.class);
    static final Set<Op> READ = EnumSet.of(Op.LIST, Op.GET);

    /** Runs after the generic write, before the entity is stored; {@code before} is null on create. */
    interface Hook {
        void apply(Writer.Ctx ctx, Module module, ObjectNode before, ObjectNode after);
    }

    final String name;
    final String singular;
    final String plural;
    String table;
    String path;
    List<String> scopes = List.of();
    Set<Op> ops = READ;
    String label = "name";
    List<String> refFields = List.of("id", "name");
    List<String> listFields;
    String parentField;
    String displayPrefix;
    boolean plainDisplayId;
    Predicate<ObjectNode> view = row -> true;
    final Set<String> aliases = new LinkedHashSet<>();
    final Map<String, String> children = new LinkedHashMap<>();
    final List<Hook> hooks = new ArrayList<>();
    final FieldSet fields = new FieldSet();

    Module(String name, String singular, String plural) {
        this.name = name;
        this.singular = singular;
        this.plural = plural;
        this.table = name;
        fields.text("id").readOnly();
    }

    Module at(String path) {
        this.path = path;
        return this;
    }

    Module scopes(String... scopes) {
        this.scopes = List.of(scopes);
        return this;
    }

    Module ops(Set<Op> ops) {
        this.ops = ops;
        return this;
    }

    Module label(String label) {
        this.label = label;
        return this;
    }

    Module refs(String... fields) {
        this.refFields = List.of(fields);
        return this;
    }

    Module list(String... fields) {
        this.listFields = List.of(fields);
        return this;
    }

    Module aliases(String... roots) {
        aliases.addAll(List.of(roots));
        return this;
    }

    /** A view of another module's rows, e.g. technicians are the users with is_technician. */
    Module view(String table, Predicate<ObjectNode> view) {
        this.table = table;
        this.view = view;
        return this;
    }

    /** A sub-collection at {@code /<this>/{id}/<path>} whose rows point back through their parent field. */
    Module child(String path, String module) {
        children.put(path, module);
        return this;
    }

    /** This module's rows belong to a parent entity referenced in this field (read-only, set from the URL). */
    Module parent(String field, String module, boolean visible) {
        this.parentField = field;
        fields.lookup(field, module).readOnly();
        if (!visible) {
            fields.hidden();
        }
        return this;
    }

    /** display_id: plain "102" for requests, {"display_value":"PJT-3","value":"3"} with a prefix elsewhere. */
    Module displayId(String prefix) {
        if (prefix == null) {
            plainDisplayId = true;
            fields.text("display_id").readOnly();
        } else {
            displayPrefix = prefix;
            fields.any("display_id");
        }
        return this;
    }

    Module hook(Hook hook) {
        hooks.add(hook);
        return this;
    }

    Module fields(Consumer<FieldSet> definition) {
        definition.accept(fields);
        return this;
    }

    boolean accepts(String root) {
        return singular.equals(root) || aliases.contains(root);
    }

    Field field(String name) {
        return fields.map.get(name);
    }

    /** How other entities embed a row of this module, e.g. a priority as {"id","name","color"}. */
    ObjectNode reference(ObjectNode row) {
        ObjectNode ref = Json.object();
        for (String field : refFields) {
            if (row.has(field)) {
                ref.set(field, row.get(field).deepCopy());
            }
        }
        return ref;
    }

    enum Type { TEXT, BOOL, NUMBER, DATETIME, LOOKUP, USER, OBJECT, LIST, UDF, ANY }

    /** What the server fills in by itself. */
    enum Auto { NONE, CREATOR, UPDATER, CREATED, UPDATED, CALLER_DEFAULT }

    static final class Field {
        final String name;
        final Type type;
        final String target;
        boolean mandatory;
        boolean readOnly;
        boolean hidden;
        boolean unique;
        int maxLength;
        Auto auto = Auto.NONE;
        String within;
        JsonNode initial;
        JsonNode defaultInput;
        FieldSet sub;

        Field(String name, Type type, String target) {
            this.name = name;
            this.type = type;
            this.target = target;
            this.initial = switch (type) {
                case BOOL -> Json.MAPPER.getNodeFactory().booleanNode(false);
                case LIST -> Json.array();
                case UDF -> Json.object();
                default -> Json.MAPPER.getNodeFactory().nullNode();
            };
        }
    }

    /** An ordered set of fields, for a module or an object-valued field such as closure_info. */
    static final class FieldSet {
        final Map<String, Field> map = new LinkedHashMap<>();
        private Field last;

        private FieldSet add(String name, Type type, String target) {
            last = new Field(name, type, target);
            map.put(name, last);
            return this;
        }

        FieldSet text(String name) {
            return add(name, Type.TEXT, null);
        }

        FieldSet bool(String name) {
            return add(name, Type.BOOL, null);
        }

        FieldSet number(String name) {
            return add(name, Type.NUMBER, null);
        }

        FieldSet datetime(String name) {
            return add(name, Type.DATETIME, null);
        }

        FieldSet lookup(String name, String module) {
            return add(name, Type.LOOKUP, module);
        }

        /** A user reference: by id, name or email_id; {@code module} is users, technicians or requesters. */
        FieldSet user(String name, String module) {
            return add(name, Type.USER, module);
        }

        FieldSet list(String name) {
            return add(name, Type.LIST, null);
        }

        FieldSet udf(String name) {
            return add(name, Type.UDF, null);
        }

        /** A server-made structure shown as is (attachments, display ids); always read-only. */
        FieldSet any(String name) {
            return add(name, Type.ANY, null).readOnly();
        }

        FieldSet object(String name, Consumer<FieldSet> definition) {
            add(name, Type.OBJECT, null);
            Field field = last;
            field.sub = new FieldSet();
            definition.accept(field.sub);
            last = field;
            return this;
        }

        /** Several read-only fields of one type at once. */
        FieldSet readOnly(Type type, String... names) {
            for (String name : names) {
                add(name, type, null).readOnly();
            }
            return this;
        }

        FieldSet readOnly() {
            last.readOnly = true;
            return this;
        }

        FieldSet mandatory() {
            last.mandatory = true;
            return this;
        }

        FieldSet max(int length) {
            last.maxLength = length;
            return this;
        }

        FieldSet auto(Auto auto) {
            last.auto = auto;
            return this;
        }

        /** The referenced row must belong to the entity's {@code field}, e.g. a subcategory to its category. */
        FieldSet within(String field) {
            last.within = field;
            return this;
        }

        FieldSet initial(Object value) {
            last.initial = Json.MAPPER.valueToTree(value);
            return this;
        }

        /** On create, a lookup left out is set to the row of this name. */
        FieldSet byDefault(String name) {
            last.defaultInput = Json.object().put("name", name);
            return this;
        }

        FieldSet hidden() {
            last.hidden = true;
            return this;
        }

        /** Unique among the rows of the same parent (project members per user). */
        FieldSet unique() {
            last.unique = true;
            return this;
        }
    }
}
