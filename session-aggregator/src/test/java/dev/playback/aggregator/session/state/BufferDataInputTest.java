package dev.playback.aggregator.session.state;

import java.io.ByteArrayInputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads what {@link DataInputStream} reads from the same bytes, value for value, and
 * fails where it fails (at the end of the input).
 */
class BufferDataInputTest {

	@Property(tries = 1000)
	void readsWhatADataInputStreamReads(@ForAll @Size(max = 64) byte[] bytes,
			@ForAll @Size(max = 20) List<@IntRange(min = 0, max = 11) Integer> reads) {
		assertThat(readAll(new BufferDataInput(bytes), reads))
			.isEqualTo(readAll(new DataInputStream(new ByteArrayInputStream(bytes)), reads));
	}

	/** Each read's value, until the first failure, which ends the list with its type. */
	private static List<Object> readAll(DataInput in, List<Integer> reads) {
		List<Object> values = new ArrayList<>();
		for (int read : reads) {
			try {
				values.add(switch (read) {
					case 0 -> in.readBoolean();
					case 1 -> in.readByte();
					case 2 -> in.readUnsignedByte();
					case 3 -> in.readShort();
					case 4 -> in.readUnsignedShort();
					case 5 -> in.readChar();
					case 6 -> in.readInt();
					case 7 -> in.readLong();
					case 8 -> in.readFloat();
					case 9 -> in.readDouble();
					case 10 -> in.readUTF();
					default -> {
						byte[] three = new byte[3];
						in.readFully(three);
						yield List.of(three[0], three[1], three[2]);
					}
				});
			}
			catch (IOException | RuntimeException ex) {
				values.add(ex.getClass().getSimpleName());
				return values;
			}
		}
		return values;
	}

}
