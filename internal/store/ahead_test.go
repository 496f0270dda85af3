package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// withRawConn runs f on a driver connection of a new SQLite database in a
// temp dir whose table t holds the rows i = 1..n with b = "row <i>".
func withRawConn(t *testing.T, n int, f func(q driver.QueryerContext)) {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE t (i INTEGER PRIMARY KEY, b BLOB)`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM s WHERE i < ?1)
		INSERT INTO t SELECT i, CAST('row ' || i AS BLOB) FROM s WHERE i <= ?1`, n); err != nil {
		t.Fatal(err)
	}
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if err := conn.Raw(func(dc any) error { f(dc.(driver.QueryerContext)); return nil }); err != nil {
		t.Fatal(err)
	}
}

// TestQueryAheadGivesEveryRowInOrder walks tables whose sizes straddle
// the batch size: every row once, in order, its blob intact although the
// next batch is being fetched meanwhile.
func TestQueryAheadGivesEveryRowInOrder(t *testing.T) {
	for _, n := range []int{0, 1, aheadBatch - 1, aheadBatch, aheadBatch + 1, 3*aheadBatch + 7} {
		withRawConn(t, n, func(q driver.QueryerContext) {
			var got []string
			err := queryAhead(context.Background(), q, `SELECT i, b FROM t ORDER BY i`, func(r *rawRow) error {
				got = append(got, fmt.Sprintf("%d:%s", r.int(0), r.blob(1)))
				return r.err
			})
			if err != nil {
				t.Fatalf("%d rows: %v", n, err)
			}
			if len(got) != n {
				t.Fatalf("%d rows: walked %d", n, len(got))
			}
			for i, g := range got {
				if want := fmt.Sprintf("%d:row %d", i+1, i+1); g != want {
					t.Fatalf("%d rows: row %d is %q, want %q", n, i+1, g, want)
				}
			}
		})
	}
}

// TestQueryAheadStops: an error from the callback ends the walk there and
// comes back as it is; a panic comes back as a panic; a failing fetch
// gives the rows before it, then its error. Each time the connection is
// free again afterwards (the fetching goroutine has ended: -race would
// see two goroutines on it otherwise).
func TestQueryAheadStops(t *testing.T) {
	withRawConn(t, 2000, func(q driver.QueryerContext) {
		stop := errors.New("enough")
		seen := 0
		err := queryAhead(context.Background(), q, `SELECT i, b FROM t ORDER BY i`, func(r *rawRow) error {
			seen++
			if r.int(0) == 700 {
				return stop
			}
			return nil
		})
		if err != stop || seen != 700 {
			t.Errorf("stopped with %v after %d rows, want %v after 700", err, seen, stop)
		}

		func() {
			defer func() {
				if p := recover(); p != "row 3" {
					t.Errorf("recovered %v, want the callback's panic", p)
				}
			}()
			_ = queryAhead(context.Background(), q, `SELECT i FROM t ORDER BY i`, func(r *rawRow) error {
				if r.int(0) == 3 {
					panic("row 3")
				}
				return nil
			})
			t.Error("no panic")
		}()

		// abs() of the smallest integer overflows: SQLite fails the
		// statement at row 1500, after 1499 rows were given.
		seen = 0
		err = queryAhead(context.Background(), q, `SELECT abs(CASE WHEN i = 1500 THEN -9223372036854775807 - 1 ELSE i END) FROM t ORDER BY i`, func(r *rawRow) error {
			seen++
			return nil
		})
		if err == nil || !strings.Contains(err.Error(), "overflow") || seen != 1499 {
			t.Errorf("fetch error %v after %d rows, want integer overflow after 1499", err, seen)
		}

		n := 0
		if err := queryEach(context.Background(), q, `SELECT count(*) FROM t`, func(r *rawRow) error { n = int(r.int(0)); return nil }); err != nil || n != 2000 {
			t.Errorf("the connection afterwards: %d, %v", n, err)
		}
	})
}
