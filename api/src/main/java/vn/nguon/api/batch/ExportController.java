package vn.nguon.api.batch;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import vn.nguon.traceability.TraceabilityException;
import vn.nguon.traceability.batch.BatchService;
import vn.nguon.traceability.export.Fsma204Export;
import vn.nguon.traceability.export.Fsma204Row;
import vn.nguon.traceability.export.Spreadsheets;

/** Exports for regulators and buyers: the FSMA 204 sheet and a lot's EPCIS document. */
@ProblemResponses
@RestController
@Tag(name = "Exports", description = "FSMA 204 Key Data Element sheets and EPCIS documents")
class ExportController {

	static final MediaType XLSX = MediaType
		.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

	static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

	static final MediaType LD_JSON = MediaType.parseMediaType("application/ld+json");

	private final Fsma204Export exports;

	private final BatchService batches;

	ExportController(Fsma204Export exports, BatchService batches) {
		this.exports = exports;
		this.batches = batches;
	}

	@GetMapping("/api/exports/fsma204")
	@Operation(summary = "FSMA 204 sortable spreadsheet",
			description = "One row per Critical Tracking Event (Harvesting, Cooling, Initial Packing, Shipping, Receiving, "
					+ "Transformation) and lot, with its Key Data Elements, for the caller's lots. Filter by event date "
					+ "(`from`, `to`, inclusive) and/or lots (`lot`, repeatable: lot code or `01/{gtin}/10/{lot}`). "
					+ "CSV (UTF-8 with BOM) or XLSX, streamed.")
	Mono<ResponseEntity<Flux<DataBuffer>>> fsma204(
			@Parameter(description = "first event date, YYYY-MM-DD") @RequestParam(required = false) String from,
			@Parameter(description = "last event date, YYYY-MM-DD") @RequestParam(required = false) String to,
			@Parameter(description = "lot code or lot key; repeatable") @RequestParam(required = false) List<String> lot,
			@Parameter(description = "csv (default) or xlsx") @RequestParam(defaultValue = "csv") String format) {
		String fmt = format.strip().toLowerCase(Locale.ROOT);
		if (!fmt.equals("csv") && !fmt.equals("xlsx")) {
			throw TraceabilityException.invalid("invalid-export-format", "The format is csv or xlsx: " + format, format);
		}
		Fsma204Export.Request request = new Fsma204Export.Request(Callers.date(from, "from"), Callers.date(to, "to"),
				lot);
		String name = "fsma204-" + LocalDate.now().format(DateTimeFormatter.BASIC_ISO_DATE) + "." + fmt;
		return Callers.actor().map(a -> {
			Flux<Fsma204Row> rows = this.exports.rows(a.orgId(), request);
			HttpHeaders headers = new HttpHeaders();
			headers.setContentDisposition(ContentDisposition.attachment().filename(name).build());
			headers.setCacheControl("no-store");
			if (fmt.equals("csv")) {
				headers.setContentType(CSV);
				Flux<String> lines = Flux.concat(Flux.just("\uFEFF" + Spreadsheets.csvLine(Fsma204Row.HEADERS)),
						rows.map(r -> Spreadsheets.csvLine(r.cells())));
				Flux<DataBuffer> body = lines.buffer(256)
					.map(chunk -> DefaultDataBufferFactory.sharedInstance
						.wrap(String.join("", chunk).getBytes(StandardCharsets.UTF_8)));
				return ResponseEntity.ok().headers(headers).body(body);
			}
			headers.setContentType(XLSX);
			Flux<DataBuffer> body = Flux.from(DataBufferUtils.outputStreamPublisher(
					out -> Spreadsheets.writeXlsx("FSMA 204", Fsma204Row.HEADERS,
							rows.map(Fsma204Row::cells).toIterable(), out),
					DefaultDataBufferFactory.sharedInstance, task -> Schedulers.boundedElastic().schedule(task)));
			return ResponseEntity.ok().headers(headers).body(body);
		});
	}

	@GetMapping(path = "/api/batches/{id}/epcis", produces = { "application/ld+json", "application/json" })
	@Operation(summary = "The EPCIS 2.0 document of a lot's history",
			description = "An EPCISDocument with every event the caller's organisation recorded about the lot, oldest "
					+ "first. Batches of other organisations answer 404.")
	Mono<ResponseEntity<ObjectNode>> epcis(@PathVariable UUID id) {
		return Callers.actor()
			.flatMap(a -> Callers.readable(a, this.batches.get(a.orgId(), id), id)
				.flatMap(b -> this.exports.epcisDocument(a.orgId(), b)
					.map(doc -> ResponseEntity.ok()
						.contentType(LD_JSON)
						.header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
							.filename("epcis-" + b.gtin() + "-" + b.lot().value().replaceAll("[^A-Za-z0-9._-]", "_") + ".jsonld")
							.build()
							.toString())
						.body(doc))));
	}

}
