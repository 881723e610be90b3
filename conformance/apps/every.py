"""Fixture: `every=` started by a click and stopped by a cancel button (conformance case LISTENER.EVERY.*)."""

import os

import gradio as gr

DURATIONS = {}
# one modelled second: real seconds scaled on a real-time target
INTERVAL = float(os.environ.get("CONFORM_SCALE") or 0) or 1.0


def tick(n):
    return (n or 0) + 1


with gr.Blocks() as demo:
    n = gr.Number(0, elem_id="n")
    start = gr.Button("Start", elem_id="start")
    stop = gr.Button("Stop", elem_id="stop")
    ticking = start.click(tick, n, n, every=INTERVAL)
    stop.click(None, None, None, cancels=[ticking])

demo.queue()

if __name__ == "__main__":
    demo.launch(server_name="127.0.0.1", server_port=int(os.environ.get("PORT", "7860")))
