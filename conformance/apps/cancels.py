"""Fixture: a cancel button for a generator and for a waiting job (conformance cases LISTENER.CANCELS.*)."""

import os
import time

import gradio as gr

DURATIONS = {"stream": 0.5, "hold": 2.0}
SCALE = float(os.environ.get("CONFORM_SCALE") or 0)
WORDS = "the quick brown fox jumps over the lazy dog".split()


def pause(name):
    if SCALE:
        time.sleep(DURATIONS[name] * SCALE)


def stream():
    for i in range(len(WORDS)):
        pause("stream")
        yield " ".join(WORDS[: i + 1])


def hold(x):
    pause("hold")
    return f"held:{x}"


def stopped(x):
    return "stopped"


with gr.Blocks() as demo:
    out = gr.Textbox(elem_id="out")
    start = gr.Button("Start", elem_id="start")
    stop = gr.Button("Stop", elem_id="stop")
    after = gr.Textbox(elem_id="after")
    talk = start.click(stream, None, out)
    talk.then(stopped, out, after)
    stop.click(None, None, None, cancels=[talk])
    text = gr.Textbox(elem_id="text")
    held = gr.Textbox(elem_id="held")
    hold_btn = gr.Button("Hold", elem_id="hold_btn")
    drop_btn = gr.Button("Drop", elem_id="drop_btn")
    waiting = hold_btn.click(hold, text, held)
    drop_btn.click(None, None, None, cancels=[waiting])

demo.queue()

if __name__ == "__main__":
    demo.launch(server_name="127.0.0.1", server_port=int(os.environ.get("PORT", "7860")))
