"""Any OpenAI-compatible server as the decoder: vLLM, Ollama, TGI, llama.cpp's `llama-server`, a hosted API.

This is how the app scales past one machine: many stateless Streamlit replicas, one inference server.
Configured with EVENTS_LLM_DECODER_URL (e.g. http://host:8000/v1), EVENTS_LLM_DECODER_MODEL and
EVENTS_LLM_DECODER_API_KEY. The `openai` client does the HTTP, streaming, timeouts and retries; this module
turns its failures into messages an organiser can act on.
"""
from __future__ import annotations

import json
import urllib.request
from contextlib import contextmanager

from core.models.engines.base import Completion, Engine, EngineError, Request
from core.models.engines.streams import Producer, read_chunk
from core.models.engines.llamacpp import join_pieces

DEFAULT_TIMEOUT_S = 60.0
DEFAULT_RETRIES = 2


class OpenAIEngine(Engine):
    kind = "OpenAI-compatible"

    def __init__(self, url: str, model: str | None = None, api_key: str | None = None,
                 timeout: float = DEFAULT_TIMEOUT_S, retries: int = DEFAULT_RETRIES, slots: int = 8):
        from openai import OpenAI  # heavy (httpx, pydantic): only a server by URL needs it

        self.url, self.timeout, self.slots = url.rstrip("/"), timeout, slots
        self.client = OpenAI(base_url=self.url, api_key=api_key or "none", timeout=timeout, max_retries=retries)
        with self._errors():
            offered = [m.id for m in self.client.models.list()]
        if model and offered and model not in offered:
            raise EngineError(f"The decoder server at {self.url} has no model named {model!r}. It offers: "
                              f"{', '.join(offered[:10])}. Set EVENTS_LLM_DECODER_MODEL to one of them.")
        if not model and not offered:
            raise EngineError(f"The decoder server at {self.url} lists no models. Set EVENTS_LLM_DECODER_MODEL.")
        self.model = model or offered[0]
        self.context_window = self._server_window()

    def describe(self) -> str:
        return f"OpenAI-compatible {self.url} ({self.model})"

    def _server_window(self) -> int:
        """The server's context window where it says (llama.cpp's /props); 0 = unknown, not checked here."""
        try:
            root = self.url.removesuffix("/v1")
            with urllib.request.urlopen(root + "/props", timeout=5) as response:
                return int(json.loads(response.read())["default_generation_settings"]["n_ctx"])
        except Exception:  # other servers have no /props; the server itself refuses a prompt that is too long
            return 0

    @contextmanager
    def _errors(self):
        """Turn the client's exceptions into one readable EngineError."""
        import openai  # heavy: only a server by URL needs it

        try:
            yield
        except EngineError:
            raise
        except openai.APITimeoutError as exc:
            raise EngineError(f"The decoder server at {self.url} did not answer within {self.timeout:g} s. "
                              "It may be overloaded; try again, or raise EVENTS_LLM_DECODER_TIMEOUT.") from exc
        except openai.APIConnectionError as exc:
            raise EngineError(f"Could not reach the decoder server at {self.url}. Check that it is running and "
                              "that EVENTS_LLM_DECODER_URL is right (it usually ends in /v1).") from exc
        except (openai.AuthenticationError, openai.PermissionDeniedError) as exc:
            raise EngineError(f"The decoder server at {self.url} refused the API key. "
                              "Check EVENTS_LLM_DECODER_API_KEY.") from exc
        except openai.NotFoundError as exc:
            raise EngineError(f"The decoder server at {self.url} does not know this model or path "
                              f"({_message(exc)}). Check EVENTS_LLM_DECODER_MODEL and the URL.") from exc
        except openai.APIStatusError as exc:
            raise EngineError(f"The decoder server at {self.url} refused the request "
                              f"(HTTP {exc.status_code}: {_message(exc)}).") from exc
        except Exception as exc:  # raised while reading a stream, where the client does not wrap them
            if "timeout" in type(exc).__name__.lower():
                raise EngineError(f"The decoder server at {self.url} did not answer within {self.timeout:g} s. "
                                  "It may be overloaded; try again, or raise EVENTS_LLM_DECODER_TIMEOUT.") from exc
            raise EngineError(f"The answer from the decoder server at {self.url} broke off "
                              f"({type(exc).__name__}). Try again.") from exc

    def _arguments(self, request: Request) -> dict:
        s = request.sampling
        args = {"model": self.model, "max_tokens": request.max_tokens, "seed": request.seed,
                "temperature": 0.0 if s.greedy else s.temperature}
        extra = {}
        if not s.greedy:
            args["top_p"] = s.top_p
            if s.top_k:
                extra["top_k"] = s.top_k  # not in OpenAI's own API; vLLM, llama.cpp, Ollama and TGI read it
        if request.prefix:  # ask servers that need it (vLLM) to continue the unfinished assistant turn
            extra.update(continue_final_message=True, add_generation_prompt=False)
        if extra:
            args["extra_body"] = extra
        return args

    def _create(self, request: Request, stream: bool):
        args = self._arguments(request)
        if request.prompt is not None:
            if request.top_n:
                args["logprobs"] = request.top_n
            return self.client.completions.create(prompt=request.prompt, stream=stream, **args)
        if request.top_n:
            args.update(logprobs=True, top_logprobs=min(request.top_n, 20))
        if stream:
            args["stream_options"] = {"include_usage": True}
        return self.client.chat.completions.create(messages=request.chat(), stream=stream, **args)

    def _producer(self, request: Request) -> Producer:
        def produce(on_chunk) -> None:
            with self._errors():
                chunks = self._create(request, stream=True)
                for chunk in chunks:
                    if on_chunk(chunk.model_dump()):
                        chunks.close()
                        return

        return produce

    def _next_token_probs(self, request: Request, after_sampling: bool) -> list[tuple[str, float]]:
        with self._errors():
            answer = self._create(request, stream=False).model_dump()
        result = Completion()
        read_chunk(answer, result)
        if not result.steps or not result.steps[0].alternatives:
            raise EngineError(f"The decoder server at {self.url} returned no token probabilities "
                              "(it does not support logprobs).")
        return result.steps[0].alternatives

    def tokenize(self, text: str) -> list[tuple[int, str]]:
        """llama.cpp servers expose /tokenize with pieces; other servers cannot show their tokens here."""
        try:
            root = self.url.removesuffix("/v1")
            request = urllib.request.Request(root + "/tokenize", data=json.dumps(
                {"content": text, "with_pieces": True}).encode(), headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                tokens = json.loads(response.read())["tokens"]
            return join_pieces(tokens)
        except Exception as exc:
            raise EngineError(f"The decoder server at {self.url} does not show its tokenizer "
                              "(only llama.cpp servers do).") from exc


def _message(exc) -> str:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        return str(body.get("message") or body.get("error", {}).get("message") or body)[:300]
    return str(exc)[:300]
