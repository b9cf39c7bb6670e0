package dev.playback.royalty.statement;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;

import dev.playback.royalty.late.LateMonths;
import dev.playback.royalty.statement.StatementArithmetic.Adjustment;
import dev.playback.royalty.statement.StatementArithmetic.Statement;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.ErrorResponseException;

/**
 * A holder's statement for a month: frozen once FINAL; otherwise computed from the usage
 * now, with adjustment lines for what changed in FINAL months since they closed, on the
 * first open statement after each of them.
 */
@Service
class StatementService {

	private final StatementStore store;

	private final EvidenceStore evidence;

	private final LateMonths lateMonths;

	private final Clock clock;

	StatementService(StatementStore store, EvidenceStore evidence, LateMonths lateMonths, Clock clock) {
		this.store = store;
		this.evidence = evidence;
		this.lateMonths = lateMonths;
		this.clock = clock;
	}

	/**
	 * A statement as it stands.
	 *
	 * @param status PROVISIONAL or FINAL
	 * @param statement the month's own lines and their total
	 * @param adjustments differences carried for earlier FINAL months
	 * @param total the month's total plus the adjustments
	 * @param titles the videos' titles: the catalog's now, or a FINAL statement's as it
	 * closed
	 * @param digest a FINAL statement's digest; null while PROVISIONAL
	 */
	record Result(String status, Statement statement, List<Adjustment> adjustments, BigDecimal total,
			Map<String, String> titles, String digest) {
	}

	Result view(String holderId, YearMonth month) {
		Optional<Result> frozen = this.store.frozen(holderId, month);
		if (frozen.isPresent()) {
			return frozen.get();
		}
		Statement live = compute(holderId, month);
		List<Adjustment> adjustments = new ArrayList<>();
		for (YearMonth closed : carried(holderId, month)) {
			adjustments.addAll(StatementArithmetic.adjustments(closed, live.currency(),
					compute(holderId, closed).lines(), this.store.settledLines(holderId, closed)));
		}
		BigDecimal total = adjustments.stream().map(Adjustment::amount).reduce(live.total(), BigDecimal::add);
		return new Result("PROVISIONAL", live, adjustments, total, this.store.titles(holderId), null);
	}

	/**
	 * The FINAL months whose adjustments the statement of {@code month} carries: those
	 * whose next open month it is and that changed since they were settled (the others
	 * have none), latest first.
	 */
	List<YearMonth> carried(String holderId, YearMonth month) {
		return carried(holderId, month, this.lateMonths.of(holderId));
	}

	private List<YearMonth> carried(String holderId, YearMonth month, Map<YearMonth, Long> late) {
		SortedSet<YearMonth> finals = this.store.finalMonths(holderId);
		List<YearMonth> carried = new ArrayList<>();
		for (YearMonth closed : finals.headSet(month)) {
			if (late.containsKey(closed) && nextOpen(closed, finals).equals(month)) {
				carried.add(0, closed);
			}
		}
		return carried;
	}

	/**
	 * Closes the month: its statement as it stands now, frozen with the sessions behind
	 * its lines and adjustments, and its digest. Closing again changes nothing. One
	 * snapshot (repeatable read) for all of it, so that the evidence adds up to the lines
	 * while sessions keep arriving.
	 */
	@Transactional(isolation = Isolation.REPEATABLE_READ)
	Result finalizeMonth(String holderId, YearMonth month) {
		if (!month.isBefore(YearMonth.now(this.clock.withZone(ZoneOffset.UTC)))) {
			ErrorResponseException ex = new ErrorResponseException(HttpStatus.CONFLICT);
			ex.getBody().setTitle("Month not over");
			ex.getBody().setDetail("Only a month that has ended can be closed: " + month);
			throw ex;
		}
		Optional<Result> frozen = this.store.frozen(holderId, month);
		if (frozen.isPresent()) {
			return frozen.get();
		}
		// before this month is among the closed ones, whose next open month it then is no
		// more
		Map<YearMonth, Long> late = this.lateMonths.of(holderId);
		List<YearMonth> carried = carried(holderId, month, late);
		Result result = view(holderId, month);
		this.store.freeze(holderId, month, result);
		this.evidence.freeze(holderId, month, month);
		for (YearMonth closed : carried) {
			if (this.store.evidenceFrozen(holderId, closed)) {
				this.evidence.freeze(holderId, month, closed);
			}
		}
		// what this statement settled: the months it adjusted, and its own
		Map<YearMonth, Long> settled = new HashMap<>();
		for (YearMonth adjusted : carried) {
			settled.put(adjusted, late.get(adjusted));
		}
		if (late.containsKey(month)) {
			settled.put(month, late.get(month));
		}
		this.lateMonths.settled(holderId, settled);
		Result closed = this.store.frozen(holderId, month).orElseThrow();
		this.store.sealed(holderId, month, StatementDocument.digest(StatementDocument.view(holderId, closed)));
		return this.store.frozen(holderId, month).orElseThrow();
	}

	private Statement compute(String holderId, YearMonth month) {
		StatementStore.Inputs inputs = this.store.inputs(holderId, month);
		if (inputs.cards().isEmpty()) {
			ErrorResponseException ex = new ErrorResponseException(HttpStatus.CONFLICT);
			ex.getBody().setTitle("No rate card");
			ex.getBody().setDetail("License holder " + holderId + " has no rate card yet");
			throw ex;
		}
		return StatementArithmetic.compute(month, inputs.videos(), inputs.cards(), inputs.usage(), inputs.views());
	}

	SortedSet<YearMonth> finalMonths(String holderId) {
		return this.store.finalMonths(holderId);
	}

	private static YearMonth nextOpen(YearMonth closed, SortedSet<YearMonth> finals) {
		YearMonth next = closed.plusMonths(1);
		while (finals.contains(next)) {
			next = next.plusMonths(1);
		}
		return next;
	}

}
