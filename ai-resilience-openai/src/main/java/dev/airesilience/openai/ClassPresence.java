package dev.airesilience.openai;

/** Whether an optional library is on the class path, without initialising anything of it. */
public final class ClassPresence {

    private ClassPresence() {}

    public static boolean isPresent(String className, Class<?> from) {
        try {
            Class.forName(className, false, from.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
