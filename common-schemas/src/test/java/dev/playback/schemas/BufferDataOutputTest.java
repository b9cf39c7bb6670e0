package dev.playback.schemas;

import java.io.ByteArrayOutputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writes the bytes a {@link DataOutputStream} writes for the same values, whatever their
 * mix and however far past its first buffer.
 */
class BufferDataOutputTest {

	@Property(tries = 1000)
	void writesWhatADataOutputStreamWrites(@ForAll("writes") List<Write> writes) throws IOException {
		ByteArrayOutputStream expected = new ByteArrayOutputStream();
		DataOutputStream stream = new DataOutputStream(expected);
		BufferDataOutput buffer = new BufferDataOutput(1);
		for (Write write : writes) {
			write.to(stream);
			write.to(buffer);
		}
		stream.flush();

		assertThat(buffer.toByteArray()).isEqualTo(expected.toByteArray());
	}

	/** One call with its value. */
	record Write(int kind, long number, String text) {

		void to(DataOutput out) {
			try {
				switch (this.kind) {
					case 0 -> out.writeBoolean(this.number % 2 == 0);
					case 1 -> out.writeByte((int) this.number);
					case 2 -> out.writeShort((int) this.number);
					case 3 -> out.writeChar((int) this.number);
					case 4 -> out.writeInt((int) this.number);
					case 5 -> out.writeLong(this.number);
					case 6 -> out.writeFloat(Float.intBitsToFloat((int) this.number));
					case 7 -> out.writeDouble(Double.longBitsToDouble(this.number));
					case 8 -> out.writeBytes(this.text);
					case 9 -> out.writeChars(this.text);
					case 10 -> out.writeUTF(this.text);
					case 11 -> out.write((int) this.number);
					default ->
						out.write(this.text.getBytes(StandardCharsets.UTF_8), 0, Math.min(3, this.text.length()));
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

	@Provide
	Arbitrary<List<Write>> writes() {
		Arbitrary<Write> write = Combinators
			.combine(Arbitraries.integers().between(0, 12), Arbitraries.longs(), Arbitraries.strings().ofMaxLength(40))
			.as(Write::new);
		return write.list().ofMaxSize(40);
	}

}
