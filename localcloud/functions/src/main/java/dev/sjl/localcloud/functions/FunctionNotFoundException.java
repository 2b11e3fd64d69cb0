package dev.sjl.localcloud.functions;

/** No function is registered under the name: Lambda's {@code ResourceNotFoundException}. */
public final class FunctionNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FunctionNotFoundException(String arn) {
        super("Function not found: " + arn);
    }
}
