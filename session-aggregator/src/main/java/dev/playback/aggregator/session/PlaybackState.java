package dev.playback.aggregator.session;

import java.io.DataInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import dev.playback.aggregator.rules.SessionFold;
import dev.playback.schemas.BufferDataOutput;

/**
 * What the aggregator keeps per playback between events: its live sessions (open, or
 * closed but still revisable) as folds, and what it still remembers of the sessions it
 * let go. The events themselves are in their own store ({@link EventLog}).
 */
final class PlaybackState {

	private static final byte FORMAT = 1;

	/** Sessions let go (events dropped, no longer revisable), the oldest parts. */
	int finalizedParts;

	/** Last seq of the sessions let go, -1 when none. */
	long finalizedLastSeq = -1;

	/** eventTime (epoch ms) of the last event of the sessions let go. */
	long finalizedLastEventAtMs;

	/** Revision a part that reappears must continue from (after a refold merged it). */
	long vanishedRevision;

	/** Events stored behind a seq gap, waiting for it to fill. */
	int buffered;

	/** Task time until which buffered events wait, -1 when none wait. */
	long holdUntilMs = -1;

	/** Task time of the playback's latest event. */
	long lastActivityMs;

	/** When the timer index has this playback due, -1 when it is not in the index. */
	long timerDueMs = -1;

	/** Live sessions, in seq order: all closed but the last. */
	final List<Part> parts = new ArrayList<>(1);

	Part last() {
		return this.parts.isEmpty() ? null : this.parts.get(this.parts.size() - 1);
	}

	/** The seq up to which events are folded into sessions. */
	long appliedSeq() {
		Part last = last();
		return (last != null) ? last.fold.lastSeq() : this.finalizedLastSeq;
	}

	/** One session of the playback. */
	static final class Part {

		final int number;

		SessionFold fold;

		/** Last revision emitted, 0 before the first. */
		long revision;

		boolean dirty;

		boolean closed;

		/** Task time of the last emission, for coalescing. */
		long lastEmitMs = Long.MIN_VALUE / 2;

		/** Task time of the part's latest event, for closing and the revision window. */
		long lastActivityMs;

		Part(int number, SessionFold fold) {
			this.number = number;
			this.fold = fold;
		}

	}

	byte[] toBytes() {
		try {
			// one array write per value (read back through BufferDataInput)
			BufferDataOutput out = new BufferDataOutput(384);
			out.writeByte(FORMAT);
			out.writeInt(this.finalizedParts);
			out.writeLong(this.finalizedLastSeq);
			out.writeLong(this.finalizedLastEventAtMs);
			out.writeLong(this.vanishedRevision);
			out.writeInt(this.buffered);
			out.writeLong(this.holdUntilMs);
			out.writeLong(this.lastActivityMs);
			out.writeLong(this.timerDueMs);
			out.writeInt(this.parts.size());
			for (Part part : this.parts) {
				out.writeInt(part.number);
				out.writeLong(part.revision);
				out.writeBoolean(part.dirty);
				out.writeBoolean(part.closed);
				out.writeLong(part.lastEmitMs);
				out.writeLong(part.lastActivityMs);
				part.fold.writeTo(out);
			}
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static PlaybackState fromBytes(byte[] bytes) {
		try {
			DataInput in = new BufferDataInput(bytes);
			byte format = in.readByte();
			if (format != FORMAT) {
				throw new IOException("Unknown playback state format " + format);
			}
			PlaybackState state = new PlaybackState();
			state.finalizedParts = in.readInt();
			state.finalizedLastSeq = in.readLong();
			state.finalizedLastEventAtMs = in.readLong();
			state.vanishedRevision = in.readLong();
			state.buffered = in.readInt();
			state.holdUntilMs = in.readLong();
			state.lastActivityMs = in.readLong();
			state.timerDueMs = in.readLong();
			int parts = in.readInt();
			for (int i = 0; i < parts; i++) {
				int number = in.readInt();
				long revision = in.readLong();
				boolean dirty = in.readBoolean();
				boolean closed = in.readBoolean();
				long lastEmitMs = in.readLong();
				long lastActivityMs = in.readLong();
				Part part = new Part(number, SessionFold.readFrom(in));
				part.revision = revision;
				part.dirty = dirty;
				part.closed = closed;
				part.lastEmitMs = lastEmitMs;
				part.lastActivityMs = lastActivityMs;
				state.parts.add(part);
			}
			return state;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
