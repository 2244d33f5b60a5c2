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
    /** The fields a list may be sorted by; null: any field of the module (no source lists them). */
    List<String> sortable;
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
        fields.field("id", Type.TEXT).readOnly();
    }

    /** Builder steps: each sets one part of the description and returns the module. */
    private Module with(Runnable change) {
        change.run();
        return this;
    }

    Module at(String path) {
        return with(() -> this.path = path);
    }

    Module scopes(String... scopes) {
        return with(() -> this.scopes = List.of(scopes));
    }

    Module ops(Set<Op> ops) {
        return with(() -> this.ops = ops);
    }

    Module label(String label) {
        return with(() -> this.label = label);
    }

    Module refs(String... fields) {
        return with(() -> this.refFields = List.of(fields));
    }

    Module list(String... fields) {
        return with(() -> this.listFields = List.of(fields));
    }

    Module sortable(String... fields) {
        return with(() -> this.sortable = List.of(fields));
    }

    Module aliases(String... roots) {
        return with(() -> aliases.addAll(List.of(roots)));
    }

    /** A view of another module's rows, e.g. technicians are the users with is_technician. */
    Module view(String table, Predicate<ObjectNode> view) {
        this.table = table;
        this.view = view;
        return this;
    }

    /** A sub-collection at {@code /<this>/{id}/<path>} whose rows point back through their parent field. */
    Module child(String path, String module) {
        return with(() -> children.put(path, module));
    }

    /** This module's rows belong to a parent entity referenced in this field (read-only, set from the URL). */
    Module parent(String field, String module, boolean visible) {
        this.parentField = field;
        fields.field(field, Type.LOOKUP, module).readOnly();
        if (!visible) {
            fields.hidden();
        }
        return this;
    }

    /** display_id: plain "102" for requests, {"display_value":"PJT-3","value":"3"} with a prefix elsewhere. */
    Module displayId(String prefix) {
        if (prefix == null) {
            plainDisplayId = true;
            fields.field("display_id", Type.TEXT).readOnly();
        } else {
            displayPrefix = prefix;
            fields.any("display_id");
        }
        return this;
    }

    Module hook(Hook hook) {
        return with(() -> hooks.add(hook));
    }

    Module fields(Consumer<FieldSet> definition) {
        return with(() -> definition.accept(fields));
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

    /**
     * NUMERIC_TEXT: a number written as a string ("20"), as ME's samples send some task fields. EMAILS: recipients as
     * an array of {"email_id"} objects (a notification's to, cc and bcc).
     */
    enum Type { TEXT, BOOL, NUMBER, NUMERIC_TEXT, DATETIME, LOOKUP, USER, OBJECT, LIST, EMAILS, UDF, ANY }

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
                case LIST, EMAILS -> Json.array();
                case UDF -> Json.object();
                default -> Json.MAPPER.getNodeFactory().nullNode();
            };
        }
    }

    /** An ordered set of fields, for a module or an object-valued field such as closure_info. */
    static final class FieldSet {
        final Map<String, Field> map = new LinkedHashMap<>();
        private Field last;

        /** A field of a scalar type (TEXT, BOOL, NUMBER, DATETIME, LIST, UDF). */
        FieldSet field(String name, Type type) {
            return field(name, type, null);
        }

        /**
         * A field; LOOKUP and USER fields name the module they refer to (a USER field takes id, name or email_id and
         * refers to users, technicians or requesters).
         */
        FieldSet field(String name, Type type, String target) {
            last = new Field(name, type, target);
            map.put(name, last);
            return this;
        }

        /** Several writable fields of one type at once. */
        FieldSet fields(Type type, String... names) {
            for (String name : names) {
                field(name, type);
            }
            return this;
        }

        /** A server-made structure shown as is (attachments, display ids); always read-only. */
        FieldSet any(String name) {
            return field(name, Type.ANY).readOnly();
        }

        FieldSet object(String name, Consumer<FieldSet> definition) {
            field(name, Type.OBJECT);
            Field field = last;
            field.sub = new FieldSet();
            definition.accept(field.sub);
            last = field;
            return this;
        }

        /** Several read-only fields of one type at once. */
        FieldSet readOnly(Type type, String... names) {
            for (String name : names) {
                field(name, type).readOnly();
            }
            return this;
        }

        /** Changes the field defined last. */
        private FieldSet with(Consumer<Field> change) {
            change.accept(last);
            return this;
        }

        FieldSet readOnly() {
            return with(f -> f.readOnly = true);
        }

        FieldSet mandatory() {
            return with(f -> f.mandatory = true);
        }

        FieldSet max(int length) {
            return with(f -> f.maxLength = length);
        }

        FieldSet auto(Auto auto) {
            return with(f -> f.auto = auto);
        }

        /** The referenced row must belong to the entity's {@code field}, e.g. a subcategory to its category. */
        FieldSet within(String field) {
            return with(f -> f.within = field);
        }

        FieldSet initial(Object value) {
            return with(f -> f.initial = Json.MAPPER.valueToTree(value));
        }

        /** On create, a lookup left out is set to the row of this name. */
        FieldSet byDefault(String name) {
            return with(f -> f.defaultInput = Json.object().put("name", name));
        }

        FieldSet hidden() {
            return with(f -> f.hidden = true);
        }

        /** Unique among the rows of the same parent (project members per user). */
        FieldSet unique() {
            return with(f -> f.unique = true);
        }
    }
}
