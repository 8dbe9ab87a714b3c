"""What the app asks a decoder engine for and what it gets back, whatever engine runs it (`core.models.engines.base`):
a `Request` goes in; a `Completion` with every generated token and its top-N alternatives comes out.

    Request(messages=(("user", "Write a teaser for Pandas 101"),), prefix="Join", max_tokens=40)
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Sampling:
    """The order the page explains: temperature, then top-k, then top-p (nucleus)."""

    temperature: float = 0.7
    top_k: int = 50  # 0 = off
    top_p: float = 0.9  # 1.0 = off
    greedy: bool = False


@dataclass(frozen=True)
class Request:
    """What to generate. Frozen and hashable, so pages can cache results by request.

    `messages` is a chat as (role, content) pairs; `prefix` is the start of the reply, which the model
    continues (small models stay on task when the answer is already under way). `prompt` asks for a plain
    continuation of raw text instead of a chat reply.
    """

    messages: tuple[tuple[str, str], ...] = ()
    prefix: str = ""
    prompt: str | None = None
    sampling: Sampling = Sampling()
    max_tokens: int = 160
    seed: int = 0
    top_n: int = 0  # how many alternatives to report for every generated token
    # The engine slot to write in, where the engine has slots that keep the prompt they read (llama.cpp): a client
    # that sends all of one brief's requests to one slot has its prompt read once. None: the engine chooses.
    slot: int | None = None

    def chat(self) -> list[dict]:
        """OpenAI chat messages; a prefix becomes an unfinished assistant turn that the engine continues."""
        chat = [{"role": role, "content": content} for role, content in self.messages]
        if self.prefix:
            chat.append({"role": "assistant", "content": self.prefix})
        return chat


@dataclass
class Step:
    """One generated token, with the model's probabilities at that position before sampling."""

    token: str
    probability: float | None
    alternatives: list[tuple[str, float]] = field(default_factory=list)


@dataclass
class Completion:
    text: str = ""  # the prefix and everything generated after it
    steps: list[Step] = field(default_factory=list)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0
    first_token_seconds: float | None = None
    finish_reason: str = ""

    @property
    def truncated(self) -> bool:
        """Stopped by the token limit rather than by the model."""
        return self.finish_reason == "length"

    @property
    def tokens_per_second(self) -> float:
        return self.completion_tokens / self.seconds if self.seconds else 0.0


class EngineError(RuntimeError):
    """The engine could not answer; the message says why in words an organiser can act on."""


class ContextWindowError(EngineError):
    """The prompt plus the requested new tokens do not fit the model's context window."""


def context_window_error(prompt_tokens: int, max_tokens: int, window: int) -> ContextWindowError:
    return ContextWindowError(
        f"The prompt is {prompt_tokens:,} tokens and you asked for {max_tokens:,} more, but this model reads at "
        f"most {window:,} tokens at once. Shorten the background text or lower the token limit.")
