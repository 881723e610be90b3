"""The app bench/sleep_bound.py runs: a one-at-a-time listener that sleeps 2 s, unmodified.

Written ``import gradio as gr``, so the same file runs under real Gradio
(``PORT=7860 python bench/apps/sleep_bound.py``) and in blockspec's simulator, where its
``time.sleep(2)`` costs two virtual seconds and no wall time.
"""

import time

import gradio as gr


def generate(prompt):
    time.sleep(2)
    return prompt.upper()


with gr.Blocks() as demo:
    prompt = gr.Textbox(label="prompt")
    image = gr.Textbox(label="image")
    prompt.submit(generate, prompt, image, api_name="generate", concurrency_limit=1)


if __name__ == "__main__":
    import os

    demo.launch(server_name="127.0.0.1", server_port=int(os.environ.get("PORT", "7860")), quiet=True)
