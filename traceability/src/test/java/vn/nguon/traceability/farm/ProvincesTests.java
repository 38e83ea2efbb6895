package vn.nguon.traceability.farm;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Today's 34 provincial units, and the 63 former names mapped to the unit they merged into. */
class ProvincesTests {

	@Test
	void formerProvincesBecomeTheUnitTheyMergedInto() {
		assertThat(Provinces.current("Bình Định")).isEqualTo("Gia Lai");
		assertThat(Provinces.current("Tỉnh Bình Định")).isEqualTo("Gia Lai");
		assertThat(Provinces.current("binh dinh")).isEqualTo("Gia Lai");
		assertThat(Provinces.current("Hà Giang")).isEqualTo("Tuyên Quang");
		assertThat(Provinces.current("Thừa Thiên Huế")).isEqualTo("Huế");
		assertThat(Provinces.current("Bà Rịa - Vũng Tàu")).isEqualTo("TP. Hồ Chí Minh");
		assertThat(Provinces.current("Thành phố Hồ Chí Minh")).isEqualTo("TP. Hồ Chí Minh");
		assertThat(Provinces.current("Kiên Giang")).isEqualTo("An Giang");
		assertThat(Provinces.isFormer("Bình Định")).isTrue();
		assertThat(Provinces.isFormer("TP Hồ Chí Minh")).isFalse();
	}

	@Test
	void todaysUnitsStayAndUnknownNamesAreKeptAsTyped() {
		assertThat(Provinces.CURRENT).hasSize(34).doesNotHaveDuplicates();
		for (String p : Provinces.CURRENT) {
			assertThat(Provinces.current(p)).isEqualTo(p);
			assertThat(Provinces.isFormer(p)).as(p).isFalse();
		}
		assertThat(Provinces.current("Thanh Hoá")).isEqualTo("Thanh Hóa");
		assertThat(Provinces.current("Vientiane")).isEqualTo("Vientiane");
		assertThat(Provinces.current(null)).isNull();
	}

	@Test
	void aFarmDraftStoresTodaysProvince() {
		assertThat(new FarmDraft("Vườn xoài", null, "Cát Hanh", "Phù Cát", "Bình Định", null).province()).isEqualTo("Gia Lai");
	}

}
