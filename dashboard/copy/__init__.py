"""The Session descriptions page's parts: the brief form and settings (`form`), writing with candidates streamed
side by side (`write`), "Why this word?" (`why`) and batch mode (`batch`)."""
