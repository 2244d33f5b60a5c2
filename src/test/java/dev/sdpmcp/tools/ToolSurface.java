package dev.sdpmcp.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Every tool the server declares, built without a container: each class with {@code @Produces ToolDefinition}
 * methods is made with its injected helpers (made the same way, once each; configuration and interfaces left
 * unset), and its producers are called. Producers only describe tools; the handlers, which need the container, never
 * run here.
 */
public final class ToolSurface {

    private static final Path CLASSES = Path.of("target", "classes");
    private static final ObjectMapper COMPACT = new ObjectMapper();
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final Map<Class<?>, Object> made = new HashMap<>();

    private ToolSurface() {
    }

    /** Every tool, by name. */
    public static List<ToolDefinition> all() {
        ToolSurface surface = new ToolSurface();
        List<ToolDefinition> tools = new ArrayList<>();
        for (Class<?> type : producerClasses()) {
            Object producer = surface.make(type);
            for (Method method : type.getDeclaredMethods()) {
                if (method.isAnnotationPresent(Produces.class) && declares(method)) {
                    try {
                        method.setAccessible(true);
                        Object produced = method.invoke(producer);
                        if (produced instanceof ToolGroup group) {
                            tools.addAll(group.tools());
                        } else {
                            tools.add((ToolDefinition) produced);
                        }
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(type.getSimpleName() + "." + method.getName(), e);
                    }
                }
            }
        }
        tools.sort(Comparator.comparing(ToolDefinition::name));
        return tools;
    }

    /** A tool as tools/list sends it, compact. */
    public static String compact(ToolDefinition definition) {
        try {
            return COMPACT.writeValueAsString(definition.tool());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same, indented, as the snapshots keep it (easy to review in a diff). */
    public static String pretty(ToolDefinition definition) {
        try {
            return PRETTY.writeValueAsString(definition.tool()) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Class<?>> producerClasses() {
        try (Stream<Path> files = Files.walk(CLASSES)) {
            List<Class<?>> types = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".class") && !f.getFileName().toString().contains("$")).toList()) {
                String name = CLASSES.relativize(file).toString().replace(".class", "").replace(file.getFileSystem().getSeparator(), ".");
                Class<?> type = Class.forName(name, false, ToolSurface.class.getClassLoader());
                if (Stream.of(type.getDeclaredMethods()).anyMatch(m -> m.isAnnotationPresent(Produces.class) && declares(m))) {
                    types.add(type);
                }
            }
            return types;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean declares(Method producer) {
        return producer.getReturnType() == ToolDefinition.class || producer.getReturnType() == ToolGroup.class;
    }

    private Object make(Class<?> type) {
        Object existing = made.get(type);
        if (existing != null) {
            return existing;
        }
        try {
            var constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            Object instance = constructor.newInstance();
            made.put(type, instance);
            for (Class<?> c = type; c != Object.class; c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    if (field.isAnnotationPresent(Inject.class) && wirable(field.getType())
                            && !field.isAnnotationPresent(org.eclipse.microprofile.config.inject.ConfigProperty.class)) {
                        field.setAccessible(true);
                        field.set(instance, make(field.getType()));
                    }
                }
            }
            return instance;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make " + type.getName(), e);
        }
    }

    /** Our own concrete classes; interfaces, JDK and library types stay null (producers do not use them). */
    private static boolean wirable(Class<?> type) {
        return type.getName().startsWith("dev.sdpmcp.") && !type.isInterface() && !Modifier.isAbstract(type.getModifiers());
    }
}
