// Command clientrisk reads invoice exports, keeps them in a ledger and
// writes the monthly client-risk report. See README.md.
//
//   - main.go: Main, the command table, exit codes, the clock.
//   - flags.go: the common flags and the logger; config.go: --config and
//     setup (config, pipeline, ledger).
//   - cmd_<name>.go: one file per command (check, import, init, report,
//     serve, status). Each parses its flags, calls internal/pipeline, which
//     holds the policy, and prints what came back.
package main
