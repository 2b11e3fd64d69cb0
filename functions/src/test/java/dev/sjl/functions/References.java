package dev.sjl.functions;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

import java.util.Set;
import java.util.TreeSet;

/**
 * The classes a class's bytecode names where the JVM would load them: its supertypes, its members' types, and in its
 * methods every owner of a call or field access, every type it creates, casts to, catches or loads as a constant.
 * Not the inner-class and nest attributes, which the JVM does not load for them.
 */
final class References {

    private References() {
    }

    static Set<String> of(byte[] bytecode) {
        Set<String> names = new TreeSet<>();
        new ClassReader(bytecode).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                              String[] interfaces) {
                add(names, superName);
                if (interfaces != null) {
                    for (String i : interfaces) {
                        add(names, i);
                    }
                }
            }

            @Override
            public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
                addType(names, Type.getType(descriptor));
                return null;
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                addMethodType(names, descriptor);
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String mName, String mDescriptor,
                                                boolean isInterface) {
                        add(names, owner);
                        addMethodType(names, mDescriptor);
                    }

                    @Override
                    public void visitFieldInsn(int opcode, String owner, String fName, String fDescriptor) {
                        add(names, owner);
                        addType(names, Type.getType(fDescriptor));
                    }

                    @Override
                    public void visitTypeInsn(int opcode, String type) {
                        add(names, type);
                    }

                    @Override
                    public void visitLdcInsn(Object value) {
                        if (value instanceof Type type && type.getSort() != Type.METHOD) {
                            addType(names, type);
                        }
                    }

                    @Override
                    public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
                        add(names, type);
                    }

                    @Override
                    public void visitInvokeDynamicInsn(String iName, String iDescriptor, Handle bootstrap,
                                                       Object... arguments) {
                        addMethodType(names, iDescriptor);
                        for (Object argument : arguments) {
                            if (argument instanceof Handle handle) {
                                add(names, handle.getOwner());
                                if (handle.getTag() <= Opcodes.H_PUTSTATIC) {
                                    addType(names, Type.getType(handle.getDesc()));
                                } else {
                                    addMethodType(names, handle.getDesc());
                                }
                            }
                        }
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return names;
    }

    private static void addMethodType(Set<String> names, String descriptor) {
        Type method = Type.getMethodType(descriptor);
        addType(names, method.getReturnType());
        for (Type argument : method.getArgumentTypes()) {
            addType(names, argument);
        }
    }

    private static void addType(Set<String> names, Type type) {
        Type element = type.getSort() == Type.ARRAY ? type.getElementType() : type;
        if (element.getSort() == Type.OBJECT) {
            names.add(element.getInternalName());
        }
    }

    private static void add(Set<String> names, String internalName) {
        if (internalName == null) {
            return;
        }
        if (internalName.startsWith("[")) {
            addType(names, Type.getType(internalName));
        } else {
            names.add(internalName);
        }
    }
}
