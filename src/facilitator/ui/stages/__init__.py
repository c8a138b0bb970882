"""One editor widget per agenda stage; see ``base.StageEditor`` for the contract."""
