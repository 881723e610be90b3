"""Fixture: a queue of at most two waiting events (conformance cases QUEUE.MAX_SIZE.*, FRONTEND.REFUSED.1)."""

import os
import time

import gradio as gr

DURATIONS = {"slow": 2.0, "after": 0.0}
SCALE = float(os.environ.get("CONFORM_SCALE") or 0)


def pause(name):
    if SCALE:
        time.sleep(DURATIONS[name] * SCALE)


def slow(x):
    pause("slow")
    return f"slow:{x}"


def after(x):
    return f"after:{x}"


with gr.Blocks() as demo:
    text = gr.Textbox(elem_id="text")
    out = gr.Textbox(elem_id="out")
    note = gr.Textbox(elem_id="note")
    run = gr.Button("Run", elem_id="run")
    run.click(slow, text, out).then(after, out, note)

demo.queue(max_size=2)

if __name__ == "__main__":
    demo.launch(server_name="127.0.0.1", server_port=int(os.environ.get("PORT", "7860")))
