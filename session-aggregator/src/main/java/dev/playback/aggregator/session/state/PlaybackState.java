package dev.playback.aggregator.session.state;

import java.io.DataInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import dev.playback.rules.SessionFold;
import dev.playback.schemas.BufferDataOutput;

/**
 * What the aggregator keeps per playback between events: its live sessions (open, or
 * closed but still revisable) as folds, and what it still remembers of the sessions it
 * let go, and its most recent events ({@link ChunkedEventLog}).
 */
public final class PlaybackState {

	/**
	 * Format 2 keeps the recent events inline ({@link #recent}) and the older ones in
	 * chunks; format 1 kept every event in its own record of the events store.
	 */
	private static final byte FORMAT = 2;

	private static final byte FORMAT_EVENTS_APART = 1;

	/** Sessions let go (events dropped, no longer revisable), the oldest parts. */
	public int finalizedParts;

	/** Last seq of the sessions let go, -1 when none. */
	public long finalizedLastSeq = -1;

	/** eventTime (epoch ms) of the last event of the sessions let go. */
	public long finalizedLastEventAtMs;

	/** Revision a part that reappears must continue from (after a refold merged it). */
	public long vanishedRevision;

	/** Events stored behind a seq gap, waiting for it to fill. */
	public int buffered;

	/** Task time until which buffered events wait, -1 when none wait. */
	public long holdUntilMs = -1;

	/** Task time of the playback's latest event. */
	public long lastActivityMs;

	/** When the timer index has this playback due, -1 when it is not in the index. */
	public long timerDueMs = -1;

	/**
	 * The seq up to which the playback's stored events are in chunks in the events store,
	 * -1 when none are.
	 */
	long chunkedUpTo = -1;

	/** The stored events after {@link #chunkedUpTo}, {@code null} when there are none. */
	public EventRun recent;

	/**
	 * Whether the state was read in format 1, its events still in the events store one
	 * record each.
	 */
	public boolean eventsApart;

	/** Live sessions, in seq order: all closed but the last. */
	public final List<Part> parts = new ArrayList<>(1);

	/** Sessions of this playback that are open (not closed yet). */
	public int openParts() {
		int open = 0;
		for (Part part : this.parts) {
			if (!part.closed) {
				open++;
			}
		}
		return open;
	}

	public Part last() {
		return this.parts.isEmpty() ? null : this.parts.get(this.parts.size() - 1);
	}

	/** The seq up to which events are folded into sessions. */
	public long appliedSeq() {
		Part last = last();
		return (last != null) ? last.fold.lastSeq() : this.finalizedLastSeq;
	}

	/** One session of the playback. */
	public static final class Part {

		public final int number;

		public SessionFold fold;

		/** Last revision emitted, 0 before the first. */
		public long revision;

		public boolean dirty;

		public boolean closed;

		/** Task time of the last emission, for coalescing. */
		public long lastEmitMs = Long.MIN_VALUE / 2;

		/** Task time of the part's latest event, for closing and the revision window. */
		public long lastActivityMs;

		public Part(int number, SessionFold fold) {
			this.number = number;
			this.fold = fold;
		}

	}

	public byte[] toBytes() {
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
				FoldCodec.write(out, part.fold);
			}
			out.writeLong(this.chunkedUpTo);
			EventRun.write(out, this.recent);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static PlaybackState fromBytes(byte[] bytes) {
		try {
			DataInput in = new BufferDataInput(bytes);
			byte format = in.readByte();
			if (format != FORMAT && format != FORMAT_EVENTS_APART) {
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
				Part part = new Part(number, FoldCodec.read(in));
				part.revision = revision;
				part.dirty = dirty;
				part.closed = closed;
				part.lastEmitMs = lastEmitMs;
				part.lastActivityMs = lastActivityMs;
				state.parts.add(part);
			}
			if (format == FORMAT_EVENTS_APART) {
				state.eventsApart = true;
			}
			else {
				state.chunkedUpTo = in.readLong();
				state.recent = EventRun.readFrom(in);
			}
			return state;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
