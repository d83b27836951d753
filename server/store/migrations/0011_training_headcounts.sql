-- Who else attended a training besides the residents who checked in with
-- their phones: people's mediators, village cadres, grid workers, counted
-- by the office as a headcount per group (mingbai.TrainingGroups).
CREATE TABLE training_headcounts (
    session_id TEXT NOT NULL REFERENCES training_sessions (id),
    grp        TEXT NOT NULL,
    people     INTEGER NOT NULL CHECK (people >= 0),
    PRIMARY KEY (session_id, grp)
) STRICT;
