"""The decoder's parameter count read from the GGUF header, as the Model status page shows it."""
from pathlib import Path

import numpy as np
import pytest
from gguf import GGUFReader, GGUFWriter

from core.models.gguf_header import GGUFHeaderError, parameters
from core.models.registry import get_spec, resolve


def packaged_decoder() -> Path:
    source = resolve(get_spec("decoder"))
    return Path(source.location) / source.gguf_file


def test_the_packaged_decoder_has_the_count_the_gguf_library_reads():
    path = packaged_decoder()
    assert parameters(path) == sum(int(t.n_elements) for t in GGUFReader(path).tensors) > 100_000_000


def test_a_file_with_a_long_vocabulary_before_its_tensors(tmp_path):
    # the vocabulary (thousands of strings) sits between the header and the tensors' shapes, as in real files
    path = tmp_path / "tiny.gguf"
    writer = GGUFWriter(str(path), "llama")
    writer.add_token_list([f"token{i}" * (1 + i % 40) for i in range(60_000)])
    writer.add_array("tokenizer.ggml.scores", [float(i) for i in range(60_000)])
    writer.add_uint32("llama.context_length", 2048)
    writer.add_tensor("embed", np.zeros((7, 3), dtype=np.float32))
    writer.add_tensor("head", np.zeros((5,), dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    assert path.stat().st_size > 4 * 2**20  # past the first read, so the reader must grow its buffer
    assert parameters(path) == 7 * 3 + 5


def test_files_that_are_not_gguf_or_are_cut_short_say_so(tmp_path):
    other = tmp_path / "weights.bin"
    other.write_bytes(b"PK\x03\x04 not a gguf file at all")
    with pytest.raises(GGUFHeaderError, match="not a GGUF file"):
        parameters(other)
    cut = tmp_path / "cut.gguf"
    cut.write_bytes(packaged_decoder().read_bytes()[:200_000])
    with pytest.raises(GGUFHeaderError, match="ends inside its header"):
        parameters(cut)
