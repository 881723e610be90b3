"""Fixture: one batch listener and nothing else (the property campaign's batch goal)."""

import os
import time

import gradio as gr

DURATIONS = {"sizes": 1.0}
SCALE = float(os.environ.get("CONFORM_SCALE") or 0)


def sizes(words):
    if SCALE:
        time.sleep(DURATIONS["sizes"] * SCALE)
    return ([f"{w}:{len(words)}" for w in words],)


with gr.Blocks() as demo:
    word = gr.Textbox(elem_id="word")
    sized = gr.Textbox(elem_id="sized")
    batch_btn = gr.Button("Batch", elem_id="batch_btn")
    batch_btn.click(sizes, word, sized, batch=True, max_batch_size=4)

demo.queue()

if __name__ == "__main__":
    demo.launch(server_name="127.0.0.1", server_port=int(os.environ.get("PORT", "7860")))
