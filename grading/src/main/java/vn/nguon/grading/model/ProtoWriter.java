package vn.nguon.grading.model;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A minimal protocol buffers encoder, enough to write ONNX models without a protobuf library: varint,
 * 32-bit and length-delimited fields (strings, bytes, nested messages). Fields are written in the order
 * they are called; a nested message is built in its own writer and added with {@link #message}.
 * Repeated scalars are written one field per value (the unpacked form, which every parser accepts).
 */
final class ProtoWriter {

	private static final int VARINT = 0;

	private static final int FIXED32 = 5;

	private static final int LENGTH_DELIMITED = 2;

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	/**
	 * Writes an integer field (int32, int64, enum, bool) as a varint; negative values take ten bytes, as
	 * protobuf encodes them as 64-bit two's complement.
	 * @param field the field number
	 * @param value the value
	 * @return this writer
	 */
	ProtoWriter varint(int field, long value) {
		tag(field, VARINT);
		rawVarint(value);
		return this;
	}

	/**
	 * Writes a {@code float} field (wire type 32-bit, little endian IEEE 754).
	 * @param field the field number
	 * @param value the value
	 * @return this writer
	 */
	ProtoWriter float32(int field, float value) {
		tag(field, FIXED32);
		int bits = Float.floatToIntBits(value);
		for (int i = 0; i < 4; i++) {
			this.out.write(bits >>> (8 * i));
		}
		return this;
	}

	/**
	 * Writes a {@code string} field as UTF-8.
	 * @param field the field number
	 * @param value the value
	 * @return this writer
	 */
	ProtoWriter string(int field, String value) {
		return bytes(field, value.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Writes a {@code bytes} field.
	 * @param field the field number
	 * @param value the value
	 * @return this writer
	 */
	ProtoWriter bytes(int field, byte[] value) {
		tag(field, LENGTH_DELIMITED);
		rawVarint(value.length);
		this.out.writeBytes(value);
		return this;
	}

	/**
	 * Writes floats as a {@code bytes} field of little-endian IEEE 754 values (ONNX {@code raw_data}).
	 * @param field the field number
	 * @param values the values
	 * @return this writer
	 */
	ProtoWriter littleEndianFloats(int field, float[] values) {
		ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
		buffer.asFloatBuffer().put(values);
		return bytes(field, buffer.array());
	}

	/**
	 * Writes an embedded message field.
	 * @param field the field number
	 * @param message the message's own writer
	 * @return this writer
	 */
	ProtoWriter message(int field, ProtoWriter message) {
		return bytes(field, message.toByteArray());
	}

	/** @return the encoded message */
	byte[] toByteArray() {
		return this.out.toByteArray();
	}

	private void tag(int field, int wireType) {
		if (field < 1 || field > (1 << 29) - 1) {
			throw new IllegalArgumentException("protobuf field numbers are 1..2^29-1: " + field);
		}
		rawVarint(((long) field << 3) | wireType);
	}

	private void rawVarint(long value) {
		long v = value;
		while ((v & ~0x7FL) != 0) {
			this.out.write((int) ((v & 0x7F) | 0x80));
			v >>>= 7;
		}
		this.out.write((int) v);
	}

}
