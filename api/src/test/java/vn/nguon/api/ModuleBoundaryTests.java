package vn.nguon.api;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Keeps the module boundaries of the house style: api wires two libraries that never meet (both may use postgres-listen). */
class ModuleBoundaryTests {

	static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("vn.nguon");

	@Test
	void gradingKnowsNothingOfTraceabilityOrHttp() {
		noClasses().that().resideInAPackage("vn.nguon.grading..")
			.should().dependOnClassesThat()
			.resideInAnyPackage("vn.nguon.traceability..", "vn.nguon.api..", "org.springframework.web..",
					"org.springframework.http..")
			.check(CLASSES);
	}

	@Test
	void traceabilityKnowsNothingOfGradingOrHttp() {
		noClasses().that().resideInAPackage("vn.nguon.traceability..")
			.should().dependOnClassesThat()
			.resideInAnyPackage("vn.nguon.grading..", "vn.nguon.api..", "org.springframework.web..",
					"org.springframework.http..", "ai.djl..")
			.check(CLASSES);
	}

	@Test
	void theSharedListenModuleKnowsNoneOfTheOthers() {
		noClasses().that().resideInAPackage("vn.nguon.listen..")
			.should().dependOnClassesThat()
			.resideInAnyPackage("vn.nguon.grading..", "vn.nguon.traceability..", "vn.nguon.api..", "org.springframework..")
			.check(CLASSES);
	}

	@Test
	void djlNeverLeavesGrading() {
		noClasses().that().resideOutsideOfPackage("vn.nguon.grading..")
			.should().dependOnClassesThat().resideInAPackage("ai.djl..")
			.check(CLASSES);
	}

	@Test
	void r2dbcAndFlywayStayInThePersistenceModules() {
		noClasses().that().resideInAPackage("vn.nguon.api..")
			.should().dependOnClassesThat()
			.resideInAnyPackage("io.r2dbc..", "org.springframework.r2dbc..", "org.springframework.data.r2dbc..",
					"org.flywaydb..")
			.check(CLASSES);
	}

}
