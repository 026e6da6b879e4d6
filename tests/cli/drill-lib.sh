# Helpers for the drill and coverage tests (netsec-training-drill.sh, -coverage.sh): source
# after lib.sh.

# attend SESSION USER...: attendance rows in school/, as a sign-in sheet would leave them, so
# that these tests need no command of netsec-training's attendance.
attend() {
    local id=$1 user
    shift
    for user; do
        sqlite3 school/state/netsec.db \
            "INSERT INTO training_attendance (session_id, username, signed_at, source, line) VALUES ($id, '$user', '', 'hand', 0)" ||
            return 1
    done
}
