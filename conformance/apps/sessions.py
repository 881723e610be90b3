"""Fixture: unload counted, and read back by another tab (conformance case UNLOAD.1)."""

import os

import gradio as gr

DURATIONS = {}
UNLOADS = []


def gone():
    UNLOADS.append(1)


def count():
    return f"unloads:{len(UNLOADS)}"


with gr.Blocks() as demo:
    shown = gr.Textbox(elem_id="shown")
    probe = gr.Button("Probe", elem_id="probe")
    probe.click(count, None, shown)
    demo.unload(gone)

demo.queue()

if __name__ == "__main__":
    demo.launch(server_name="127.0.0.1", server_port=int(os.environ.get("PORT", "7860")))
