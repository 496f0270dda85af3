package parse

import "testing"

func TestFloatLiteral(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, want string }{
		// The double nearest 393.165 written with 17 significant digits.
		// Three decimals after at most three digits get a zero, not to be
		// taken for a thousands group (393.165 as 393165).
		{"393.16500000000002", "393.1650"},
		{"-393.16500000000002", "-393.1650"},
		{"2.6749999999999998", "2.6750"},
		{"1.0049999999999999", "1.0050"},
		{"1234.4649999999999", "1234.465"},
		{"17.350000000000001", "17.35"},
		{"0.10000000000000001", "0.1"},
		// 0.1+0.2 is not the double nearest 0.3: its shortest form is itself.
		{"0.30000000000000004", "0.30000000000000004"},
		// Exponent literals keep an exponent.
		{"1.0000000000000001E-5", "1e-05"},
		// Kept as typed: short literals, whole numbers, exact decimals
		// longer than a double holds, 16-17 digits that are not the
		// double's rounding.
		{"393.165", "393.165"},
		{"0.1", "0.1"},
		{"12.50", "12.50"},
		{"9007199254740993", "9007199254740993"},
		{"12345678901234567890", "12345678901234567890"},
		{"123456789.01234567891", "123456789.01234567891"},
		{"393.16500000000001", "393.16500000000001"},
		{"1234567.0149999998", "1234567.0149999998"},
		{"0", "0"},
		{"0.0000000000000000", "0.0000000000000000"},
	} {
		if got := FloatLiteral(c.in); got != c.want {
			t.Errorf("FloatLiteral(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
