/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Dumps a module's public API as text, or checks it against the dump checked in as its baseline,
 * in the manner of Kotlin's binary-compatibility-validator {@code .api} files.
 *
 * <p>The public API is every public type of the packages the module exports without
 * qualification (all packages when there is no {@code module-info}), with its public members
 * and, unless the type is final, its protected ones. One line per declaration, in Java syntax
 * with fully qualified names and generic signatures; members are indented under their type:
 *
 * <pre>
 * module dev.imds4j
 *   exports dev.imds4j
 *
 * public final class dev.imds4j.ImdsClient
 *   implements java.lang.AutoCloseable
 *   public static dev.imds4j.ImdsClient create()
 * </pre>
 *
 * <p>Check: every line of the baseline must still be there, character for character (a line
 * that changed is a line removed plus one added); a new abstract method in a type that code
 * outside may implement or extend breaks those implementations and fails too. Other additions
 * are compatible: they are listed, and with {@code --strict} (the release build) they fail too,
 * so that the baseline of a release is exactly its API.
 *
 * <p>Run by the parent pom, through {@code .ci/api-baseline}, in {@code process-classes} of every
 * module that has an {@code api/} folder, with the module's compile class path on its own:
 * {@code ApiBaseline check|dump ARTIFACT CLASSES BASELINE [--strict[=true|false]]
 * [--dump-selector=true|false|ARTIFACT,...]}; the selector turns a check into a dump when it
 * names this artifact (or is {@code true}). See DEVELOPERS.md, "API baseline".
 */
public final class ApiBaseline {

    private static final String INDENT = "  ";

    private ApiBaseline() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 4 || !(args[0].equals("check") || args[0].equals("dump"))) {
            System.err.println("usage: ApiBaseline check|dump ARTIFACT CLASSES_DIR BASELINE"
                    + " [--strict[=true|false]] [--dump-selector=true|false|ARTIFACT,...]");
            System.exit(2);
        }
        String artifact = args[1];
        Path classes = Path.of(args[2]);
        Path baseline = Path.of(args[3]);
        boolean strict = false;
        boolean dump = args[0].equals("dump");
        for (int i = 4; i < args.length; i++) {
            if (args[i].startsWith("--strict")) {
                strict = args[i].equals("--strict") || args[i].equals("--strict=true");
            } else if (args[i].startsWith("--dump-selector=")) {
                dump |= selects(args[i].substring("--dump-selector=".length()), artifact);
            } else {
                System.err.println("ApiBaseline: unknown option " + args[i]);
                System.exit(2);
            }
        }
        Api current = Api.read(classes);
        String text = current.render(artifact);
        if (dump) {
            Files.createDirectories(baseline.toAbsolutePath().getParent());
            String before = Files.exists(baseline)
                    ? Files.readString(baseline, StandardCharsets.UTF_8) : null;
            Files.writeString(baseline, text, StandardCharsets.UTF_8);
            System.out.println("[api] " + artifact + ": "
                    + (text.equals(before) ? "unchanged " : "wrote ") + baseline);
            return;
        }
        if (!Files.exists(baseline)) {
            System.err.println("[api] " + artifact + ": no baseline " + baseline
                    + "; record one with: mvn -q -Dapi.dump=" + artifact + " process-classes");
            System.exit(1);
        }
        List<String> problems = current.compare(
                Entries.parse(Files.readAllLines(baseline, StandardCharsets.UTF_8)), strict);
        if (problems.isEmpty()) {
            return;
        }
        boolean fatal = problems.stream().anyMatch(p -> !p.startsWith("added: "));
        String rel = baseline.getParent().getFileName() + "/" + baseline.getFileName();
        StringBuilder out = new StringBuilder();
        if (fatal) {
            out.append("[api] ").append(artifact).append(": the public API is not compatible with ")
                    .append(rel).append(":\n");
        } else {
            out.append("[api] ").append(artifact).append(": compatible additions not yet in ")
                    .append(rel).append(":\n");
        }
        problems.forEach(p -> out.append("  ").append(p).append('\n'));
        out.append("[api] To record the API as it is now (for a deliberate break, with a CHANGELOG")
                .append(" entry): mvn -q -Dapi.dump=").append(artifact).append(" process-classes")
                .append(", then review and commit ").append(rel).append('.');
        if (fatal) {
            System.err.println(out);
            System.exit(1);
        }
        System.out.println(out);
    }

    /** Whether a {@code -Dapi.dump} value selects this artifact: empty, true, or a list. */
    private static boolean selects(String selector, String artifact) {
        String s = selector.trim();
        if (s.isEmpty() || s.equals("true")) {
            return true;
        }
        if (s.equals("false") || s.equals("${api.dump}")) {
            return false;
        }
        return Arrays.stream(s.split(",")).map(String::trim).anyMatch(artifact::equals);
    }

    /** A type's lines: its header and its members (supertypes first), unindented. */
    private record Block(String header, List<String> members) {
    }

    /** A dump: the module lines (name first), and each type's block by type name. */
    private record Entries(List<String> module, Map<String, Block> types) {

        static Entries parse(List<String> lines) {
            List<String> module = new ArrayList<>();
            Map<String, Block> types = new LinkedHashMap<>();
            List<String> current = null;
            for (String line : lines) {
                if (line.isBlank() || line.startsWith("#")) {
                    current = null;
                } else if (line.startsWith(INDENT)) {
                    if (current == null) {
                        throw new IllegalArgumentException("indented line outside a block: "
                                + line);
                    }
                    current.add(line.substring(INDENT.length()));
                } else if (line.startsWith("module ")) {
                    current = module;
                    module.add(line);
                } else {
                    current = new ArrayList<>();
                    types.put(typeName(line), new Block(line, current));
                }
            }
            return new Entries(module, types);
        }

        /** The type name in a header line: the word after the kind, without type parameters. */
        static String typeName(String header) {
            String[] words = header.split(" ");
            for (int i = 0; i < words.length - 1; i++) {
                switch (words[i]) {
                    case "class", "interface", "enum", "record", "@interface":
                        int lt = words[i + 1].indexOf('<');
                        return lt < 0 ? words[i + 1] : words[i + 1].substring(0, lt);
                    default:
                        break;
                }
            }
            throw new IllegalArgumentException("not a type header: " + header);
        }
    }

    /** The public API of a compiled module. */
    private static final class Api {
        private final Entries entries;
        private final Map<String, Class<?>> classes;

        private Api(Entries entries, Map<String, Class<?>> classes) {
            this.entries = entries;
            this.classes = classes;
        }

        static Api read(Path classesDir) throws IOException {
            List<String> module = new ArrayList<>();
            Set<String> exported = null;
            Path info = classesDir.resolve("module-info.class");
            if (Files.exists(info)) {
                ModuleDescriptor descriptor;
                try (InputStream in = Files.newInputStream(info)) {
                    descriptor = ModuleDescriptor.read(in);
                }
                module.add("module " + descriptor.name());
                exported = new TreeSet<>();
                for (ModuleDescriptor.Exports e : descriptor.exports()) {
                    if (!e.isQualified()) {
                        exported.add(e.source());
                    }
                }
                Set<String> lines = new TreeSet<>();
                exported.forEach(p -> lines.add("exports " + p));
                for (ModuleDescriptor.Requires r : descriptor.requires()) {
                    if (r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE)) {
                        lines.add("requires transitive " + r.name());
                    }
                }
                module.addAll(lines);
            }
            ClassLoader loader = ApiBaseline.class.getClassLoader();
            List<String> names;
            try (Stream<Path> files = Files.walk(classesDir)) {
                names = files.filter(f -> f.toString().endsWith(".class"))
                        .map(f -> classesDir.relativize(f).toString())
                        .filter(n -> !n.endsWith("module-info.class")
                                && !n.endsWith("package-info.class"))
                        .map(n -> n.substring(0, n.length() - ".class".length())
                                .replace(java.io.File.separatorChar, '.'))
                        .sorted()
                        .collect(Collectors.toList());
            }
            Map<String, Class<?>> api = new TreeMap<>();
            for (String name : names) {
                String pkg = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : "";
                if (exported != null && !exported.contains(pkg)) {
                    continue;
                }
                Class<?> type;
                try {
                    type = Class.forName(name, false, loader);
                } catch (ClassNotFoundException | LinkageError e) {
                    throw new IllegalStateException("cannot load " + name + " from the class path"
                            + " (is it the module's compile class path?): " + e, e);
                }
                if (isApi(type)) {
                    api.put(name(type), type);
                }
            }
            Map<String, Block> types = new LinkedHashMap<>();
            api.forEach((name, type) -> types.put(name, new Block(header(type), members(type))));
            return new Api(new Entries(module, types), api);
        }

        String render(String artifact) {
            StringBuilder out = new StringBuilder();
            out.append("# The public API of ").append(artifact)
                    .append(", checked by every build (.ci/ApiBaseline.java).\n")
                    .append("# Do not edit: regenerate with mvn -q -Dapi.dump=").append(artifact)
                    .append(" process-classes, and review the diff.\n");
            if (!entries.module().isEmpty()) {
                out.append('\n').append(entries.module().get(0)).append('\n');
                entries.module().stream().skip(1)
                        .forEach(line -> out.append(INDENT).append(line).append('\n'));
            }
            entries.types().values().forEach(block -> {
                out.append('\n').append(block.header()).append('\n');
                block.members().forEach(line -> out.append(INDENT).append(line).append('\n'));
            });
            return out.toString();
        }

        /**
         * What changed since the baseline. Lines starting with {@code added: } are compatible
         * additions; every other line is a break.
         */
        List<String> compare(Entries baseline, boolean strict) {
            List<String> problems = new ArrayList<>();
            Set<String> shown = new java.util.HashSet<>();
            String added = strict ? "not in the baseline: " : "added: ";
            for (String line : baseline.module()) {
                if (!entries.module().contains(line)) {
                    problems.add("removed: " + line);
                }
            }
            for (String line : entries.module()) {
                if (!baseline.module().contains(line)) {
                    problems.add(added + line);
                }
            }
            for (Block before : baseline.types().values()) {
                String name = Entries.typeName(before.header());
                Block now = entries.types().get(name);
                if (now == null) {
                    problems.add("removed: " + before.header());
                    continue;
                }
                if (!now.header().equals(before.header())) {
                    problems.add("changed: " + before.header() + "\n      now: " + now.header());
                }
                for (String member : before.members()) {
                    if (now.members().contains(member)) {
                        continue;
                    }
                    StringBuilder p = new StringBuilder("removed: ")
                            .append(name).append(": ").append(member);
                    String memberName = memberName(member);
                    now.members().stream()
                            .filter(m -> !before.members().contains(m)
                                    && memberName.equals(memberName(m)))
                            .forEach(m -> {
                                p.append("\n      now: ").append(m);
                                shown.add(name + "\0" + m);
                            });
                    problems.add(p.toString());
                }
            }
            for (Block now : entries.types().values()) {
                String name = Entries.typeName(now.header());
                Block before = baseline.types().get(name);
                if (before == null) {
                    problems.add(added + now.header());
                    continue;
                }
                for (String member : now.members()) {
                    if (before.members().contains(member) || shown.contains(name + "\0" + member)) {
                        continue;
                    }
                    if (isAbstractMethod(member) && implementable(classes.get(name))) {
                        problems.add("abstract method added to " + name + ", which code outside"
                                + " may implement or extend (their classes break): " + member);
                    } else {
                        problems.add(added + name + ": " + member);
                    }
                }
            }
            return problems;
        }
    }

    /** An abstract method; an annotation element with a default value is not one here. */
    private static boolean isAbstractMethod(String line) {
        return (line.startsWith("public abstract ") || line.startsWith("protected abstract "))
                && !line.contains(") default ");
    }

    /** An annotation element's default value as Java source would write it. */
    private static String literal(Object value) {
        if (value instanceof String text) {
            return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
        if (value instanceof Class<?> c) {
            return typeName(c) + ".class";
        }
        if (value instanceof Enum<?> e) {
            return name(e.getDeclaringClass()) + "." + e.name();
        }
        if (value.getClass().isArray()) {
            List<String> items = new ArrayList<>();
            for (int i = 0; i < java.lang.reflect.Array.getLength(value); i++) {
                items.add(literal(java.lang.reflect.Array.get(value, i)));
            }
            return "{" + String.join(", ", items) + "}";
        }
        return String.valueOf(value);
    }

    /** Whether code outside the module may implement or extend this type. */
    private static boolean implementable(Class<?> type) {
        if (type.isSealed() || Modifier.isFinal(type.getModifiers()) || type.isEnum()
                || type.isRecord()) {
            return false;
        }
        if (type.isInterface()) {
            return true;
        }
        return Arrays.stream(type.getDeclaredConstructors())
                .anyMatch(c -> Modifier.isPublic(c.getModifiers())
                        || Modifier.isProtected(c.getModifiers()));
    }

    /** The member name in a member line: the word before its parameter list, or the field name. */
    private static String memberName(String line) {
        String l = line.strip();
        if (l.startsWith("extends ") || l.startsWith("implements ")) {
            return l.substring(0, l.indexOf(' '));
        }
        int paren = l.indexOf('(');
        String head = paren >= 0 ? l.substring(0, paren) : l;
        int space = head.lastIndexOf(' ');
        return space >= 0 ? head.substring(space + 1) : null;
    }

    /** Public, not local or anonymous, and (nested) a public or protected member of API. */
    private static boolean isApi(Class<?> type) {
        if (type.isSynthetic() || type.isAnonymousClass() || type.isLocalClass()) {
            return false;
        }
        int m = type.getModifiers();
        Class<?> outer = type.getDeclaringClass();
        if (outer == null) {
            return Modifier.isPublic(m);
        }
        return isApi(outer) && (Modifier.isPublic(m)
                || (Modifier.isProtected(m) && !Modifier.isFinal(outer.getModifiers())));
    }

    private static String name(Class<?> type) {
        String canonical = type.getCanonicalName();
        return canonical != null ? canonical : type.getName();
    }

    private static String header(Class<?> type) {
        int m = type.getModifiers();
        List<String> words = new ArrayList<>();
        words.add(Modifier.isPublic(m) ? "public" : "protected");
        if (type.getDeclaringClass() != null && Modifier.isStatic(m) && !type.isInterface()
                && !type.isEnum() && !type.isRecord()) {
            words.add("static");
        }
        if (!type.isInterface() && Modifier.isAbstract(m)) {
            words.add("abstract");
        }
        if (!type.isInterface() && Modifier.isFinal(m)) {
            words.add("final");
        }
        if (type.isSealed()) {
            words.add("sealed");
        } else if (!Modifier.isFinal(m) && !type.isEnum() && !type.isAnnotation()
                && parentIsSealed(type)) {
            words.add("non-sealed");
        }
        words.add(type.isAnnotation() ? "@interface" : type.isInterface() ? "interface"
                : type.isEnum() ? "enum" : type.isRecord() ? "record" : "class");
        words.add(name(type) + typeParameters(type.getTypeParameters()));
        return String.join(" ", words);
    }

    private static boolean parentIsSealed(Class<?> type) {
        Class<?> s = type.getSuperclass();
        return (s != null && s.isSealed())
                || Arrays.stream(type.getInterfaces()).anyMatch(Class::isSealed);
    }

    private static List<String> members(Class<?> type) {
        List<String> lines = new ArrayList<>();
        Type superclass = type.getGenericSuperclass();
        if (superclass != null && superclass != Object.class && !type.isEnum()
                && !type.isRecord()) {
            lines.add("extends " + typeName(superclass));
        }
        if (!type.isAnnotation()) {
            Arrays.stream(type.getGenericInterfaces())
                    .map(i -> (type.isInterface() ? "extends " : "implements ") + typeName(i))
                    .sorted()
                    .forEach(lines::add);
        }
        boolean protectedToo = !Modifier.isFinal(type.getModifiers());
        // Public members of non-public superclasses are reachable through this type.
        List<Class<?>> declaring = new ArrayList<>();
        declaring.add(type);
        for (Class<?> s = type.getSuperclass(); s != null && !Modifier.isPublic(s.getModifiers());
                s = s.getSuperclass()) {
            declaring.add(s);
        }
        Set<String> fields = new TreeSet<>(Comparator.comparing(ApiBaseline::memberName)
                .thenComparing(Comparator.naturalOrder()));
        Set<String> constructors = new TreeSet<>();
        Set<String> methods = new TreeSet<>(Comparator.comparing(ApiBaseline::memberName)
                .thenComparing(Comparator.naturalOrder()));
        for (Class<?> c : declaring) {
            for (Field f : c.getDeclaredFields()) {
                if (visible(f, protectedToo)) {
                    fields.add(modifiers(f, type) + typeName(f.getGenericType()) + " "
                            + f.getName());
                }
            }
            if (c == type) {
                for (Constructor<?> k : c.getDeclaredConstructors()) {
                    if (visible(k, protectedToo)) {
                        constructors.add(modifiers(k, type) + typeParameters(k.getTypeParameters())
                                + name(type) + signature(k));
                    }
                }
            }
            for (Method method : c.getDeclaredMethods()) {
                if (visible(method, protectedToo) && !method.isBridge()) {
                    String tp = typeParameters(method.getTypeParameters());
                    Object value = method.getDefaultValue();
                    methods.add(modifiers(method, type) + (tp.isEmpty() ? "" : tp + " ")
                            + typeName(method.getGenericReturnType()) + " " + method.getName()
                            + signature(method)
                            + (value == null ? "" : " default " + literal(value)));
                }
            }
        }
        lines.addAll(fields);
        lines.addAll(constructors);
        lines.addAll(methods);
        return lines;
    }

    private static boolean visible(Member member, boolean protectedToo) {
        int m = member.getModifiers();
        return !member.isSynthetic()
                && (Modifier.isPublic(m) || (protectedToo && Modifier.isProtected(m)));
    }

    private static String modifiers(Member member, Class<?> owner) {
        int m = member.getModifiers();
        List<String> words = new ArrayList<>();
        words.add(Modifier.isPublic(m) ? "public" : "protected");
        if (Modifier.isStatic(m)) {
            words.add("static");
        }
        if (Modifier.isAbstract(m)) {
            words.add("abstract");
        } else if (member instanceof Method && owner.isInterface() && !Modifier.isStatic(m)) {
            words.add("default");
        }
        if (Modifier.isFinal(m)) {
            words.add("final");
        }
        return String.join(" ", words) + " ";
    }

    private static String signature(Executable e) {
        Type[] params = e.getGenericParameterTypes();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < params.length; i++) {
            String n = typeName(params[i]);
            if (e.isVarArgs() && i == params.length - 1 && n.endsWith("[]")) {
                n = n.substring(0, n.length() - 2) + "...";
            }
            names.add(n);
        }
        String out = "(" + String.join(", ", names) + ")";
        Type[] thrown = e.getGenericExceptionTypes();
        if (thrown.length > 0) {
            out += " throws " + Arrays.stream(thrown).map(ApiBaseline::typeName).sorted()
                    .collect(Collectors.joining(", "));
        }
        return out;
    }

    private static String typeParameters(TypeVariable<?>[] variables) {
        if (variables.length == 0) {
            return "";
        }
        return Arrays.stream(variables).map(v -> {
            List<String> bounds = Arrays.stream(v.getBounds())
                    .filter(b -> b != Object.class)
                    .map(ApiBaseline::typeName)
                    .collect(Collectors.toList());
            return bounds.isEmpty() ? v.getName()
                    : v.getName() + " extends " + String.join(" & ", bounds);
        }).collect(Collectors.joining(", ", "<", ">"));
    }

    private static String typeName(Type type) {
        if (type instanceof Class<?> c) {
            return c.isArray() ? typeName(c.getComponentType()) + "[]" : name(c);
        }
        if (type instanceof ParameterizedType p) {
            String raw;
            if (p.getOwnerType() instanceof ParameterizedType owner) {
                raw = typeName(owner) + "." + ((Class<?>) p.getRawType()).getSimpleName();
            } else {
                raw = typeName(p.getRawType());
            }
            return raw + Arrays.stream(p.getActualTypeArguments()).map(ApiBaseline::typeName)
                    .collect(Collectors.joining(", ", "<", ">"));
        }
        if (type instanceof TypeVariable<?> v) {
            return v.getName();
        }
        if (type instanceof WildcardType w) {
            if (w.getLowerBounds().length > 0) {
                return "? super " + typeName(w.getLowerBounds()[0]);
            }
            Type[] upper = w.getUpperBounds();
            return upper.length == 0 || upper[0] == Object.class ? "?"
                    : "? extends " + typeName(upper[0]);
        }
        if (type instanceof GenericArrayType g) {
            return typeName(g.getGenericComponentType()) + "[]";
        }
        return type.getTypeName();
    }
}
