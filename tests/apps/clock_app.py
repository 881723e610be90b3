"""An app that reads the clock every second (a dashboard's "last updated")."""

import time
from datetime import datetime

import gradio as gr


def now():
    return time.time(), datetime.now().isoformat()


with gr.Blocks() as demo:
    seconds = gr.Number(label="seconds")
    stamp = gr.Textbox(label="stamp")
    demo.load(now, None, [seconds, stamp], every=1)
