package dev.sjl.preferences;

import java.util.List;

/**
 * What the handbook prints about the slice, read from the code itself. A class of its own: nothing at run time loads
 * it, so an unfinished grant never breaks a class the function or the tests use.
 */
public final class PreferencesFacts {

    /** The grant on a table named as the capstone's stack names it, in any region and account. */
    public static final List<PreferencesGrant.Grant> IAM_PERMISSIONS = PreferencesGrant.grants(
            PreferencesGrant.tableArn("<region>", "<account>", "<users table>"));

    private PreferencesFacts() {
    }
}
