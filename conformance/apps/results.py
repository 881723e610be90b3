"""Fixture: a function with two outputs, a slow function to cancel while it runs, and errors
with and without a user-facing message (conformance cases LISTENER.FN.SHAPE.1,
LISTENER.CANCELS.RUNNING.1, LAUNCH.SHOW_ERROR.1)."""

import os
import time

import gradio as gr

DURATIONS = {"busy": 2.0}
SCALE = float(os.environ.get("CONFORM_SCALE") or 0)


def pause(name):
    if SCALE:
        time.sleep(DURATIONS[name] * SCALE)


def split(text):
    return f"left:{text}", f"right:{text}"


def busy(text):
    pause("busy")
    return f"busy:{text}"


def crash(text):
    raise ValueError("secret internals")


with gr.Blocks() as demo:
    text = gr.Textbox(elem_id="text")
    left = gr.Textbox(elem_id="left")
    right = gr.Textbox(elem_id="right")
    split_btn = gr.Button("Split", elem_id="split_btn")
    split_btn.click(split, text, [left, right])
    result = gr.Textbox(elem_id="result")
    busy_btn = gr.Button("Busy", elem_id="busy_btn")
    stop_btn = gr.Button("Stop", elem_id="stop_btn")
    running = busy_btn.click(busy, text, result)
    stop_btn.click(None, None, None, cancels=[running])
    crash_btn = gr.Button("Crash", elem_id="crash_btn")
    crash_btn.click(crash, text, result)

demo.queue()

if __name__ == "__main__":
    demo.launch(server_name="127.0.0.1", server_port=int(os.environ.get("PORT", "7860")))
