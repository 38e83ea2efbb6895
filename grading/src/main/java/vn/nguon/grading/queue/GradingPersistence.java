package vn.nguon.grading.queue;

import java.time.Duration;

import io.r2dbc.spi.ConnectionFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

import vn.nguon.grading.lifecycle.ModelAnnouncements;
import vn.nguon.grading.lifecycle.ModelArchives;
import vn.nguon.grading.lifecycle.RetrainJobs;
import vn.nguon.grading.live.GradingChanges;

/**
 * Spring wiring of grading's persistence (so R2DBC types stay inside grading): import it from the
 * application.
 */
@Configuration(proxyBeanMethods = false)
public class GradingPersistence {

	@Bean
	GradingStore gradingStore(DatabaseClient db, ReactiveTransactionManager tm) {
		return new GradingStore(db, TransactionalOperator.create(tm), QueueSettings.defaults());
	}

	@Bean
	ModelRecords modelRecords(DatabaseClient db, ReactiveTransactionManager tm) {
		return new ModelRecords(db, TransactionalOperator.create(tm));
	}

	/** Retraining jobs; a running one without a heartbeat for {@code nguon.grading.retrain-stale-after} is failed. */
	@Bean
	RetrainJobs retrainJobs(DatabaseClient db, @Value("${nguon.grading.retrain-stale-after:2m}") Duration staleAfter) {
		return new RetrainJobs(db, staleAfter);
	}

	@Bean
	ModelArchives modelArchives(DatabaseClient db) {
		return new ModelArchives(db);
	}

	/** A model made active by any instance (LISTEN nguon_grading_model), for {@code ActiveModelFollower}. */
	@Bean
	ModelAnnouncements modelAnnouncements(ConnectionFactory connections) {
		return new ModelAnnouncements(connections, Duration.ofSeconds(30));
	}

	/** Live changes of verdicts, grades and reviews (LISTEN nguon_grading), started with the context. */
	@Bean
	GradingChanges gradingChanges(ConnectionFactory connections) {
		return new GradingChanges(connections, Duration.ofSeconds(30));
	}

}
