package org.sotto.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The one file of rules that keeps imports flowing one way:
 * app → core → {crypto, store}, cli → core, store → crypto, crypto → nothing of ours.
 */
@AnalyzeClasses(packages = "org.sotto", importOptions = ImportOption.DoNotIncludeTests.class)
class DependencyRulesTest {
    private static final String APP = "org.sotto.app..";
    private static final String CLI = "org.sotto.cli..";
    private static final String CORE = "org.sotto.core..";
    private static final String STORE = "org.sotto.store..";
    private static final String CRYPTO = "org.sotto.crypto..";
    private static final String SMACK = "org.jivesoftware..";
    private static final String JXMPP = "org.jxmpp..";
    private static final String SQL = "java.sql..";
    private static final String JAVAFX = "javafx..";

    @ArchTest
    static final ArchRule cryptoDependsOnNoModuleOfOurs = noClasses().that().resideInAPackage(CRYPTO)
            .should().dependOnClassesThat().resideInAnyPackage(APP, CLI, CORE, STORE, "org.sotto.testkit..");

    @ArchTest
    static final ArchRule cryptoKnowsNoXmppSqlOrUi = noClasses().that().resideInAPackage(CRYPTO)
            .should().dependOnClassesThat().resideInAnyPackage(SMACK, JXMPP, SQL, JAVAFX, "javax.xml..", "org.w3c..");

    @ArchTest
    static final ArchRule storeDependsOnlyOnCrypto = noClasses().that().resideInAPackage(STORE)
            .should().dependOnClassesThat().resideInAnyPackage(APP, CLI, CORE);

    @ArchTest
    static final ArchRule storeKnowsNoXmppOrUi = noClasses().that().resideInAPackage(STORE)
            .should().dependOnClassesThat().resideInAnyPackage(SMACK, JXMPP, JAVAFX);

    @ArchTest
    static final ArchRule coreDoesNotReachUp = noClasses().that().resideInAPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage(APP, CLI, JAVAFX);

    @ArchTest
    static final ArchRule onlyStoreUsesSql = noClasses().that().resideOutsideOfPackage(STORE)
            .should().dependOnClassesThat().resideInAPackage(SQL);

    @ArchTest
    static final ArchRule appSpeaksNoXmppAndNoSql = noClasses().that().resideInAPackage(APP)
            .should().dependOnClassesThat().resideInAnyPackage(SMACK, JXMPP, SQL, STORE, "org.signal..");

    /** The window sees core only through its public API package; everything else in core is internal. */
    @ArchTest
    static final ArchRule appUsesOnlyCoresApi = noClasses().that().resideInAPackage(APP)
            .should().dependOnClassesThat(resideInAPackage(CORE).and(not(resideInAPackage("org.sotto.core.api.."))));

    /** The command line is the API's other client: JSON, the JDK and JID syntax (jxmpp), nothing else of the stack. */
    @ArchTest
    static final ArchRule cliSpeaksNoXmppAndNoSql = noClasses().that().resideInAPackage(CLI)
            .should().dependOnClassesThat().resideInAnyPackage(SMACK, SQL, STORE, CRYPTO, APP, JAVAFX, "org.signal..");

    /** The command line sees core only through its public API package, as the window does. */
    @ArchTest
    static final ArchRule cliUsesOnlyCoresApi = noClasses().that().resideInAPackage(CLI)
            .should().dependOnClassesThat(resideInAPackage(CORE).and(not(resideInAPackage("org.sotto.core.api.."))));

    /** Core has two halves: its public API and everything else, which is internal (no third kind of package). */
    @ArchTest
    static final ArchRule coreIsApiOrInternal = classes().that().resideInAPackage(CORE)
            .should().resideInAnyPackage("org.sotto.core.api..", "org.sotto.core.internal..");

    /** The API's service interfaces name no internal type: a window or the CLI never needs one to call them. */
    @ArchTest
    static final ArchRule apiInterfacesNameNoInternals = noClasses().that().resideInAnyPackage("org.sotto.core.api.account..", "org.sotto.core.api.chat..",
                    "org.sotto.core.api.contacts..", "org.sotto.core.api.event..", "org.sotto.core.api.room..",
                    "org.sotto.core.api.file..", "org.sotto.core.api.trust..")
            .and().areInterfaces()
            .should().dependOnClassesThat().resideInAPackage("org.sotto.core.internal..");
}
