package config

import (
	"go.yaml.in/yaml/v3"
)

// The raw* types mirror the file's keys. Every leaf is a scalar that keeps
// the text and line as written, so that values are typed (and rates read
// exactly) by this package with messages naming the key, rather than by
// yaml's reflection, whose errors name Go types and cut values short.

type scalar struct {
	present bool // the key is in the file (even as null)
	set     bool // and has a non-null value
	kind    yaml.Kind
	tag     string
	value   string
	line    int
}

func (s *scalar) UnmarshalYAML(n *yaml.Node) error {
	s.present = true
	s.kind = n.Kind
	s.tag = n.ShortTag()
	s.value = n.Value
	s.line = n.Line
	s.set = !(n.Kind == yaml.ScalarNode && s.tag == "!!null")
	return nil
}

// list accepts a sequence of scalars, or a single scalar as a list of one
// (to: owner@example.com is what people write).
type list struct {
	present bool
	line    int
	kind    yaml.Kind
	items   []scalar
}

func (l *list) UnmarshalYAML(n *yaml.Node) error {
	l.present = true
	l.line = n.Line
	l.kind = n.Kind
	switch n.Kind {
	case yaml.SequenceNode:
		for _, c := range n.Content {
			var s scalar
			_ = s.UnmarshalYAML(c)
			l.items = append(l.items, s)
		}
	case yaml.ScalarNode:
		var s scalar
		_ = s.UnmarshalYAML(n)
		if s.set {
			l.items = []scalar{s}
		}
	}
	return nil
}

type mapEntry[V any] struct {
	key     string
	keyLine int
	value   V
}

// orderedMap keeps the entries of a mapping in file order, so errors come
// out in a stable order and duplicates can be told apart.
type orderedMap[V any, PV interface {
	*V
	UnmarshalYAML(*yaml.Node) error
}] struct {
	present bool
	line    int
	kind    yaml.Kind
	entries []mapEntry[V]
}

func (m *orderedMap[V, PV]) UnmarshalYAML(n *yaml.Node) error {
	m.present = true
	m.line = n.Line
	m.kind = n.Kind
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		var v V
		_ = PV(&v).UnmarshalYAML(n.Content[i+1])
		m.entries = append(m.entries, mapEntry[V]{key: n.Content[i].Value, keyLine: n.Content[i].Line, value: v})
	}
	return nil
}

type rawConfig struct {
	Company          scalar                      `yaml:"company"`
	Language         scalar                      `yaml:"language"`
	Currency         scalar                      `yaml:"currency"`
	Rates            orderedMap[scalar, *scalar] `yaml:"rates"`
	Timezone         scalar                      `yaml:"timezone"`
	WindowMonths     scalar                      `yaml:"window_months"`
	PaymentTermsDays scalar                      `yaml:"payment_terms_days"`
	GraceDays        scalar                      `yaml:"grace_days"`
	Ledger           scalar                      `yaml:"ledger"`
	OutputDir        scalar                      `yaml:"output_dir"`
	Thresholds       rawThresholds               `yaml:"thresholds"`
	Input            rawInput                    `yaml:"input"`
	Clients          rawClients                  `yaml:"clients"`
	Schedule         rawSchedule                 `yaml:"schedule"`
	DropFolder       rawDropFolder               `yaml:"dropfolder"`
	Email            rawEmail                    `yaml:"email"`
}

type rawThresholds struct {
	OverDependentShare    scalar `yaml:"over_dependent_share"`
	HHIModerate           scalar `yaml:"hhi_moderate"`
	HHIHigh               scalar `yaml:"hhi_high"`
	SlowMinPaid           scalar `yaml:"slow_min_paid"`
	SlowWADLDays          scalar `yaml:"slow_wadl_days"`
	SlowOverdueDays       scalar `yaml:"slow_overdue_days"`
	CreditNoteRatio       scalar `yaml:"credit_note_ratio"`
	CreditNoteMin         scalar `yaml:"credit_note_min"`
	DisputedMin           scalar `yaml:"disputed_min"`
	LoadRatio             scalar `yaml:"load_ratio"`
	MinHours              scalar `yaml:"min_hours"`
	EffectiveRateFraction scalar `yaml:"effective_rate_fraction"`
	LostAfterMonths       scalar `yaml:"lost_after_months"`
	MinAmount             scalar `yaml:"min_amount"`
}

type rawInput struct {
	DateOrder scalar                          `yaml:"date_order"`
	Amount    scalar                          `yaml:"amount"`
	Grain     scalar                          `yaml:"grain"`
	Columns   orderedMap[scalar, *scalar]     `yaml:"columns"`
	Sheets    orderedMap[rawSheet, *rawSheet] `yaml:"sheets"`
	Encoding  scalar                          `yaml:"encoding"`
	Limits    rawLimits                       `yaml:"limits"`
}

// rawSheet is one entry of input.sheets: a sheet-name pattern's own
// columns. Keys other than columns are kept to be refused by the parser
// (the yaml decoder's check of unknown keys does not reach inside).
type rawSheet struct {
	present bool
	line    int
	kind    yaml.Kind
	columns orderedMap[scalar, *scalar]
	unknown []mapEntry[scalar]
}

func (s *rawSheet) UnmarshalYAML(n *yaml.Node) error {
	s.present, s.line, s.kind = true, n.Line, n.Kind
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Value == "columns" {
			_ = s.columns.UnmarshalYAML(v)
			continue
		}
		s.unknown = append(s.unknown, mapEntry[scalar]{key: k.Value, keyLine: k.Line})
	}
	return nil
}

type rawLimits struct {
	MaxUnzippedMB scalar `yaml:"max_unzipped_mb"`
	MaxRows       scalar `yaml:"max_rows"`
	MaxCellChars  scalar `yaml:"max_cell_chars"`
}

type rawClients struct {
	Aliases orderedMap[list, *list] `yaml:"aliases"`
	Exclude list                    `yaml:"exclude"`
}

type rawSchedule struct {
	Cron    scalar `yaml:"cron"`
	CatchUp scalar `yaml:"catch_up"`
}

type rawDropFolder struct {
	Inbox      scalar `yaml:"inbox"`
	Processing scalar `yaml:"processing"`
	Archive    scalar `yaml:"archive"`
	Failed     scalar `yaml:"failed"`
	Poll       scalar `yaml:"poll"`
	Settle     scalar `yaml:"settle"`
	OnDrop     scalar `yaml:"on_drop"`
}

type rawEmail struct {
	Host         scalar   `yaml:"host"`
	Port         scalar   `yaml:"port"`
	TLS          scalar   `yaml:"tls"`
	Username     scalar   `yaml:"username"`
	Password     scalar   `yaml:"password"` // only to reject it with a helpful message
	PasswordEnv  scalar   `yaml:"password_env"`
	PasswordFile scalar   `yaml:"password_file"`
	From         scalar   `yaml:"from"`
	To           list     `yaml:"to"`
	Subject      scalar   `yaml:"subject"`
	AttachXLSX   scalar   `yaml:"attach_xlsx"`
	Retry        rawRetry `yaml:"retry"`
}

type rawRetry struct {
	Initial scalar `yaml:"initial"`
	Max     scalar `yaml:"max"`
}
