package item

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

type store struct{ db *pgxpool.Pool }

func (s *store) direct(ctx context.Context) error {
	tx, err := s.db.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx) //nolint:errcheck // a no-op after Commit
	return tx.Commit(ctx)
}

func (s *store) literal(ctx context.Context) (err error) {
	var tx pgx.Tx
	tx, err = s.db.BeginTx(ctx, pgx.TxOptions{})
	if err != nil {
		return err
	}
	defer func() {
		if rerr := tx.Rollback(context.WithoutCancel(ctx)); err != nil && !errors.Is(rerr, pgx.ErrTxClosed) {
			err = errors.Join(err, rerr)
		}
	}()
	return tx.Commit(ctx)
}

func (s *store) helper(ctx context.Context) error {
	tx, err := s.db.Begin(ctx)
	if err != nil {
		return err
	}
	defer rollback(ctx, tx)
	return tx.Commit(ctx)
}

func rollback(ctx context.Context, tx pgx.Tx) { _ = tx.Rollback(ctx) }

// begin hands the transaction to its caller, who owns the rollback.
func (s *store) begin(ctx context.Context) (pgx.Tx, error) {
	tx, err := s.db.Begin(ctx)
	if err != nil {
		return nil, err
	}
	return tx, nil
}

// Begin of something else: no context, no pgx transaction.
type span struct{}

func (span) Begin() (int, error) { return 0, nil }

func other() int {
	n, _ := span{}.Begin()
	return n
}
